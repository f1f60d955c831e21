using System.Net;
using System.Net.Sockets;
using System.Xml;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Tests.Processing;

public sealed class FolderMessageTypeCatalogueTests : IDisposable
{
    private readonly TempCatalogue _catalogue = new();

    public void Dispose() => _catalogue.Dispose();

    private static string SchemaImporting(string schemaLocation) => $"""
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:o="urn:other">
          <xs:import namespace="urn:other" schemaLocation="{schemaLocation}"/>
          <xs:element name="Bericht" type="o:Waarde"/>
        </xs:schema>
        """;

    private const string OtherSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:other">
          <xs:simpleType name="Waarde"><xs:restriction base="xs:string"/></xs:simpleType>
        </xs:schema>
        """;

    [Fact]
    public void Shipped_demo_catalogue_loads()
    {
        var catalogue = FolderMessageTypeCatalogue.Load(DemoCatalogue.Root);

        Assert.Equal(["Factuur", "Factuurbatch", "Jaarverantwoording", "Omzetbelasting"], catalogue.All.Select(t => t.Berichtsoort));
        var type = catalogue.All.Single(t => t.Berichtsoort == "Omzetbelasting");
        Assert.Equal("1.0", type.Version);
        Assert.Equal(["belastingdienst"], type.Recipients);
        Assert.Contains("VAT return", type.Description, StringComparison.Ordinal);
        Assert.True(type.Schemas.IsCompiled);
        // The root schema, its include and its import all came from the folder.
        Assert.True(type.Schemas.GlobalElements.Contains(new XmlQualifiedName("Aangifte", DemoCatalogue.Namespace)));
        Assert.True(type.Schemas.GlobalTypes.Contains(new XmlQualifiedName("TijdvakType", DemoCatalogue.Namespace)));
        Assert.True(type.Schemas.GlobalTypes.Contains(new XmlQualifiedName("Bedrag", "urn:digipoort:demo:bedragen:1.0")));
    }

    [Fact]
    public void Lookup_is_exact_and_case_sensitive()
    {
        _catalogue.AddBerichtsoort("a", "Omzetbelasting");
        var catalogue = _catalogue.Load();

        Assert.True(catalogue.TryGet("Omzetbelasting", out var type));
        Assert.Equal("Omzetbelasting", type.Berichtsoort);
        Assert.False(catalogue.TryGet("omzetbelasting", out _));
        Assert.False(catalogue.TryGet("Omzetbelasting ", out _));
    }

    [Fact]
    public void All_is_sorted_by_berichtsoort_ordinal()
    {
        _catalogue.AddBerichtsoort("1", "b");
        _catalogue.AddBerichtsoort("2", "B");
        _catalogue.AddBerichtsoort("3", "Aangifte_LH");

        Assert.Equal(["Aangifte_LH", "B", "b"], _catalogue.Load().All.Select(t => t.Berichtsoort));
    }

    [Fact]
    public void Empty_catalogue_folder_gives_an_empty_catalogue()
    {
        Assert.Empty(_catalogue.Load().All);
    }

    [Fact]
    public void Missing_catalogue_folder_is_refused()
    {
        var missing = Path.Combine(_catalogue.Outside, "nowhere");

        var e = Assert.Throws<CatalogueException>(() => FolderMessageTypeCatalogue.Load(missing));

        Assert.Equal(missing, e.Folder);
    }

    [Fact]
    public void Folder_without_manifest_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_catalogue.Root, "Leeg"));

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.Equal(Path.Combine(_catalogue.Root, "Leeg"), e.Folder);
        Assert.True(e.Message.Contains("manifest.json", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Missing_manifest_field_is_refused_naming_the_file_and_field()
    {
        var folder = _catalogue.AddBerichtsoort("Test", "Test");
        var manifest = _catalogue.Write("Test/manifest.json", """
            { "berichtsoort": "Test", "description": "d", "version": "1", "schemas": ["schema.xsd"] }
            """);

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.Equal(folder, e.Folder);
        Assert.True(e.Message.Contains(manifest, StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains("recipients", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Unknown_manifest_field_is_refused()
    {
        _catalogue.AddBerichtsoort("Test", "Test");
        _catalogue.Write("Test/manifest.json", """
            { "berichtsoort": "Test", "description": "d", "version": "1", "schemas": ["schema.xsd"],
              "recipients": ["r"], "recipient": "typo" }
            """);

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.True(e.Message.Contains("recipient", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Null_manifest_field_is_refused()
    {
        _catalogue.AddBerichtsoort("Test", "Test");
        _catalogue.Write("Test/manifest.json", """
            { "berichtsoort": "Test", "description": null, "version": "1", "schemas": ["schema.xsd"], "recipients": ["r"] }
            """);

        Assert.Throws<CatalogueException>(_catalogue.Load);
    }

    [Fact]
    public void Manifest_that_is_not_json_is_refused()
    {
        _catalogue.AddBerichtsoort("Test", "Test");
        _catalogue.Write("Test/manifest.json", "berichtsoort: Test");

        Assert.Throws<CatalogueException>(_catalogue.Load);
    }

    [Fact]
    public void Empty_recipients_are_refused()
    {
        _catalogue.AddBerichtsoort("Test", "Test");
        _catalogue.Write("Test/manifest.json", """
            { "berichtsoort": "Test", "description": "d", "version": "1", "schemas": ["schema.xsd"], "recipients": [] }
            """);

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.True(e.Message.Contains("recipients", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Berichtsoort_of_80_characters_is_accepted_and_of_81_refused()
    {
        _catalogue.AddBerichtsoort("a", new string('x', 80));
        Assert.Single(_catalogue.Load().All);

        _catalogue.AddBerichtsoort("b", new string('y', 81));
        var e = Assert.Throws<CatalogueException>(_catalogue.Load);
        Assert.True(e.Message.Contains("80", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Berichtsoort_with_outer_whitespace_is_refused()
    {
        _catalogue.AddBerichtsoort("a", " Omzetbelasting");

        Assert.Throws<CatalogueException>(_catalogue.Load);
    }

    [Fact]
    public void Duplicate_berichtsoort_is_refused_naming_both_folders()
    {
        var first = _catalogue.AddBerichtsoort("Een", "Omzetbelasting");
        var second = _catalogue.AddBerichtsoort("Twee", "Omzetbelasting");

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.Equal(second, e.Folder);
        Assert.True(e.Message.Contains(first, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Missing_schema_file_is_refused()
    {
        var folder = _catalogue.AddBerichtsoort("Test", "Test");
        File.Delete(Path.Combine(folder, "schema.xsd"));

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.Equal(folder, e.Folder);
        Assert.True(e.Message.Contains("schema.xsd", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Schema_that_does_not_compile_is_refused()
    {
        _catalogue.AddBerichtsoort("Test", "Test", """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="Bericht" type="Onbekend"/>
            </xs:schema>
            """);

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.True(e.Message.Contains("Onbekend", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains("schema.xsd (2,", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Schema_that_is_not_xml_is_refused()
    {
        _catalogue.AddBerichtsoort("Test", "Test", "<xs:schema");

        Assert.Throws<CatalogueException>(_catalogue.Load);
    }

    [Fact]
    public void Schema_with_an_external_DTD_is_refused_naming_the_file()
    {
        // An internal subset is allowed in a catalogue schema (see OfficialSchemaLoadingTests); an external one is not.
        _catalogue.AddBerichtsoort("Test", "Test", "<!DOCTYPE xs:schema SYSTEM \"schema.dtd\">" + TempCatalogue.MinimalSchema);
        _catalogue.Write("Test/schema.dtd", "<!ENTITY e 'x'>");

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.True(e.Message.Contains("schema.xsd (1,", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains("refused", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Import_from_a_subfolder_resolves()
    {
        _catalogue.AddBerichtsoort("Test", "Test", SchemaImporting("common/other.xsd"));
        _catalogue.Write("Test/common/other.xsd", OtherSchema);

        var type = Assert.Single(_catalogue.Load().All);

        Assert.True(type.Schemas.GlobalTypes.Contains(new XmlQualifiedName("Waarde", "urn:other")));
    }

    [Fact]
    public void Import_over_http_is_refused_without_a_network_attempt()
    {
        // A listener the import points at: had anything tried to fetch the schema, a connection would wait here.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var folder = _catalogue.AddBerichtsoort("Test", "Test", SchemaImporting($"http://127.0.0.1:{port}/other.xsd"));

            var e = Assert.Throws<CatalogueException>(_catalogue.Load);

            Assert.Equal(folder, e.Folder);
            Assert.True(e.Message.Contains("refused", StringComparison.Ordinal), e.Message);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void Import_escaping_the_folder_is_refused()
    {
        // The target exists and is a fine schema: only where it lives is wrong.
        _catalogue.Write("other.xsd", OtherSchema);
        var folder = _catalogue.AddBerichtsoort("Test", "Test", SchemaImporting("../other.xsd"));

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.Equal(folder, e.Folder);
        Assert.True(e.Message.Contains("refused", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Import_from_a_sibling_folder_with_the_same_prefix_is_refused()
    {
        _catalogue.Write("Test2/other.xsd", OtherSchema);
        _catalogue.Write("Test2/manifest.json", TempCatalogue.Manifest("Test2", "other.xsd"));
        _catalogue.AddBerichtsoort("Test", "Test", SchemaImporting("../Test2/other.xsd"));

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.True(e.Message.Contains("refused", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Manifest_schema_path_escaping_the_folder_is_refused()
    {
        _catalogue.Write("elders.xsd", TempCatalogue.MinimalSchema);
        _catalogue.AddBerichtsoort("Test", "Test");
        _catalogue.Write("Test/manifest.json", TempCatalogue.Manifest("Test", "../elders.xsd"));

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.True(e.Message.Contains("refused", StringComparison.Ordinal), e.Message);
    }
}
