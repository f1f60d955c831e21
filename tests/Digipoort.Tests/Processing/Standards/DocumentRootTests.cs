using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Processing.Standards;

/// <summary>
/// A document's root must be one its berichtsoort names: by default the global elements of the schema files the
/// manifest lists, not every global element of the set (in UBL that is every component), or those in "roots".
/// </summary>
public sealed class DocumentRootTests : IDisposable
{
    private const string Invoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    private const string CreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    private const string Cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    private const string Cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    private const string InvoiceSchema = "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd";
    private const string CreditNoteSchema = "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd";

    private readonly TempCatalogue _catalogue = new();

    public void Dispose() => _catalogue.Dispose();

    private MessageType UblEntry(string schemas, string? roots = null)
    {
        OfficialStandards.InstallUbl(Path.Combine(_catalogue.Root, "Ubl"));
        _catalogue.Write("Ubl/manifest.json", $$"""
            {
              "berichtsoort": "Factuur",
              "description": "UBL 2.1 as shipped",
              "version": "2.1",
              "schemas": [{{schemas}}],
              {{(roots is null ? "" : $"\"roots\": [{roots}],")}}
              "recipients": ["ontvanger"]
            }
            """);
        return Assert.Single(_catalogue.Load().All);
    }

    private static ValidationReport Validate(MessageType type, string xml) => SchemaValidator.Validate(type, DemoCatalogue.Utf8(xml));

    private static ValidationReport ValidateExample(MessageType type, string example)
    {
        using var document = File.OpenRead(Path.Combine(OfficialStandards.UblExamples, example));
        return SchemaValidator.Validate(type, document);
    }

    [Theory]
    [InlineData($"""<cbc:Note xmlns:cbc="{Cbc}">not an invoice</cbc:Note>""", "Note")]
    [InlineData($"""<cac:Party xmlns:cac="{Cac}"/>""", "Party")]
    [InlineData("""
        <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
          <ds:SignedInfo><ds:CanonicalizationMethod Algorithm="a"/><ds:SignatureMethod Algorithm="b"/>
            <ds:Reference><ds:DigestMethod Algorithm="c"/><ds:DigestValue>AA==</ds:DigestValue></ds:Reference></ds:SignedInfo>
          <ds:SignatureValue>AA==</ds:SignatureValue>
        </ds:Signature>
        """, "Signature")]
    public void A_UBL_component_submitted_as_an_invoice_is_not_an_invoice(string xml, string localName)
    {
        var type = UblEntry($"\"{InvoiceSchema}\"");

        var report = Validate(type, xml);

        Assert.False(report.IsValid);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.Schema, finding.Code);
        Assert.Contains($"root element '{localName}'", finding.Description, StringComparison.Ordinal);
        Assert.Contains($"{{{Invoice}}}Invoice", finding.Description, StringComparison.Ordinal);
        Assert.Equal(1, finding.Line);
    }

    [Fact]
    public void The_default_roots_are_the_listed_schema_files_own_global_elements()
    {
        var type = UblEntry($"\"{InvoiceSchema}\"");

        Assert.Equal([$"{{{Invoice}}}Invoice"], type.Roots.Select(DocumentRoots.Clark));
        Assert.True(ValidateExample(type, "UBL-Invoice-2.1-Example.xml").IsValid);
    }

    [Fact]
    public void A_credit_note_under_an_invoice_only_entry_is_refused()
    {
        // The Invoice schema does not even import CreditNote; the official example is a valid CreditNote.
        var type = UblEntry($"\"{InvoiceSchema}\"");

        var report = ValidateExample(type, "UBL-CreditNote-2.1-Example.xml");

        Assert.False(report.IsValid);
        Assert.Contains("root element 'CreditNote'", Assert.Single(report.Findings).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoice_and_credit_note_are_both_accepted_when_the_manifest_names_both_roots()
    {
        var type = UblEntry($"\"{InvoiceSchema}\", \"{CreditNoteSchema}\"", $"\"{{{Invoice}}}Invoice\", \"{{{CreditNote}}}CreditNote\"");

        Assert.True(ValidateExample(type, "UBL-Invoice-2.1-Example.xml").IsValid);
        var creditNote = ValidateExample(type, "UBL-CreditNote-2.1-Example.xml");
        Assert.True(creditNote.IsValid, string.Join("\n", creditNote.Findings));
        Assert.False(Validate(type, $"""<cbc:Note xmlns:cbc="{Cbc}">not an invoice</cbc:Note>""").IsValid);
    }

    [Fact]
    public void Roots_narrow_a_schema_set_to_the_documents_named()
    {
        // Both schema files listed, only the Invoice named: a CreditNote is of another kind.
        var type = UblEntry($"\"{InvoiceSchema}\", \"{CreditNoteSchema}\"", $"\"{{{Invoice}}}Invoice\"");

        Assert.False(ValidateExample(type, "UBL-CreditNote-2.1-Example.xml").IsValid);
    }

    [Fact]
    public void A_root_the_schemas_do_not_declare_refuses_the_entry()
    {
        var folder = _catalogue.AddBerichtsoort("Test", "Test");
        _catalogue.Write("Test/manifest.json", TempCatalogue.Manifest("Test", "schema.xsd")
            .Replace("\"schemas\"", "\"roots\": [\"{urn:nergens}Bericht\"], \"schemas\"", StringComparison.Ordinal));

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.Equal(folder, e.Folder);
        Assert.True(e.Message.Contains("{urn:nergens}Bericht", StringComparison.Ordinal), e.Message);
    }

    [Theory]
    [InlineData("{urn:x")]
    [InlineData("{urn:x}1Bericht")]
    [InlineData("")]
    public void A_malformed_root_name_refuses_the_entry(string root)
    {
        _catalogue.AddBerichtsoort("Test", "Test");
        _catalogue.Write("Test/manifest.json", TempCatalogue.Manifest("Test", "schema.xsd")
            .Replace("\"schemas\"", $"\"roots\": [\"{root}\"], \"schemas\"", StringComparison.Ordinal));

        var e = Assert.Throws<CatalogueException>(_catalogue.Load);

        Assert.True(e.Message.Contains("roots", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void A_root_without_a_namespace_is_written_without_braces()
    {
        _catalogue.AddBerichtsoort("Test", "Test");
        _catalogue.Write("Test/manifest.json", TempCatalogue.Manifest("Test", "schema.xsd")
            .Replace("\"schemas\"", "\"roots\": [\"Bericht\"], \"schemas\"", StringComparison.Ordinal));

        var type = Assert.Single(_catalogue.Load().All);

        Assert.True(Validate(type, "<Bericht>x</Bericht>").IsValid);
    }
}
