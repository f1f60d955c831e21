using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Xml;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Processing.Standards;

/// <summary>
/// Catalogue schemas are trusted operator content and are read as published schema sets are written: an internal
/// DTD subset with entity declarations loads (capped, nothing external resolved); submitted documents still never
/// get a DTD processed.
/// </summary>
public sealed class OfficialSchemaLoadingTests : IDisposable
{
    private readonly TempCatalogue _catalogue = new();

    public void Dispose() => _catalogue.Dispose();

    private const string ImportingSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:o="urn:other">
          <xs:import namespace="urn:other" schemaLocation="common/other.xsd"/>
          <xs:element name="Bericht" type="o:Waarde"/>
        </xs:schema>
        """;

    private static string OtherSchema(string doctype) => $"""
        <?xml version="1.0"?>
        {doctype}
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:other">
          <xs:simpleType name="Waarde"><xs:restriction base="xs:string"/></xs:simpleType>
        </xs:schema>
        """;

    [Fact]
    public void Official_UBL_2_1_loads_as_shipped_and_validates_its_own_examples()
    {
        var folder = Path.Combine(_catalogue.Root, "Ubl");
        OfficialStandards.InstallUbl(folder);
        _catalogue.Write("Ubl/manifest.json", TempCatalogue.Manifest("UBL-Invoice", "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"));

        var type = Assert.Single(_catalogue.Load().All);

        // The XML Signature schema with its internal DTD subset is part of the set.
        Assert.True(type.Schemas.GlobalElements.Contains(new XmlQualifiedName("Signature", "http://www.w3.org/2000/09/xmldsig#")));
        foreach (var example in new[] { "UBL-Invoice-2.1-Example.xml", "UBL-Invoice-2.1-Example-Trivial.xml" })
        {
            using var document = File.OpenRead(Path.Combine(OfficialStandards.UblExamples, example));
            var report = SchemaValidator.Validate(type, document);
            Assert.True(report.IsValid, example + ": " + string.Join("\n", report.Findings));
        }
    }

    [Fact]
    public void Internal_DTD_subset_with_entities_in_an_imported_schema_loads()
    {
        _catalogue.AddBerichtsoort("Test", "Test", ImportingSchema);
        _catalogue.Write("Test/common/other.xsd", OtherSchema("""<!DOCTYPE xs:schema [ <!ENTITY other 'urn:other'> ]>""")
            .Replace("targetNamespace=\"urn:other\"", "targetNamespace=\"&other;\"", StringComparison.Ordinal));

        var type = Assert.Single(_catalogue.Load().All);

        Assert.True(type.Schemas.GlobalTypes.Contains(new XmlQualifiedName("Waarde", "urn:other")));
    }

    [Fact]
    public void Imported_schema_with_an_external_DTD_is_refused_naming_that_file_and_line_without_a_network_attempt()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var folder = _catalogue.AddBerichtsoort("Test", "Test", ImportingSchema);
            _catalogue.Write("Test/common/other.xsd",
                OtherSchema($"""<!DOCTYPE xs:schema PUBLIC "-//W3C//DTD XMLSchema 200102//EN" "http://127.0.0.1:{port}/XMLSchema.dtd">"""));

            var e = Assert.Throws<CatalogueException>(_catalogue.Load);

            Assert.Equal(folder, e.Folder);
            // The file with the DOCTYPE, on its line 2, not only the schema importing it.
            Assert.True(e.Message.Contains($"{Path.Combine("common", "other.xsd")} (2,", StringComparison.Ordinal), e.Message);
            Assert.True(e.Message.Contains("refused", StringComparison.Ordinal), e.Message);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void Schema_with_an_external_entity_is_refused_naming_the_file()
    {
        _catalogue.AddBerichtsoort("Test", "Test", ImportingSchema);
        _catalogue.Write("Test/common/secret.txt", "urn:other");
        _catalogue.Write("Test/common/other.xsd", OtherSchema("""<!DOCTYPE xs:schema [ <!ENTITY secret SYSTEM "secret.txt"> ]>""")
            .Replace("<xs:simpleType", "<xs:annotation><xs:documentation>&secret;</xs:documentation></xs:annotation><xs:simpleType",
                StringComparison.Ordinal));

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.True(e.Message.Contains(Path.Combine("common", "other.xsd"), StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains("refused", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Entity_expansion_bomb_in_a_schema_is_refused_quickly_naming_the_file()
    {
        // Billion laughs as a schema: the root element's text is about 3 GB of expanded entities.
        var bomb = HostileXml.BillionLaughs().Replace("<lolz>&lol9;</lolz>",
            """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:annotation><xs:documentation>&lol9;</xs:documentation></xs:annotation><xs:element name="Bericht"/></xs:schema>""",
            StringComparison.Ordinal);
        _catalogue.AddBerichtsoort("Test", "Test", bomb);
        var clock = Stopwatch.StartNew();

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.True(e.Message.Contains("schema.xsd (", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains("MaxCharactersFromEntities", StringComparison.Ordinal), e.Message);
        // Capped at 64 K characters: far below a second even on a busy machine, where 3 GB would take minutes.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Submitted_document_with_an_internal_DTD_subset_is_still_refused()
    {
        _catalogue.AddBerichtsoort("Test", "Test");
        var type = Assert.Single(_catalogue.Load().All);

        var report = SchemaValidator.Validate(type, DemoCatalogue.Utf8("<!DOCTYPE Bericht [ <!ENTITY e 'x'> ]><Bericht>&e;</Bericht>"));

        Assert.False(report.IsValid);
        Assert.Equal(FindingCodes.Dtd, Assert.Single(report.Findings).Code);
    }
}
