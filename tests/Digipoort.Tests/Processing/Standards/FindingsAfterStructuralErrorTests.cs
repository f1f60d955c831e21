using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Processing.Standards;

/// <summary>
/// After an element that breaks its parent's content model, validation goes on with the following siblings and
/// the rest of the document (.NET alone skips the rest of the parent, here the whole invoice).
/// </summary>
public sealed class FindingsAfterStructuralErrorTests : IDisposable
{
    private readonly TempCatalogue _catalogue = new();
    private readonly MessageType _invoice;

    public FindingsAfterStructuralErrorTests()
    {
        OfficialStandards.InstallUbl(Path.Combine(_catalogue.Root, "Ubl"));
        _catalogue.Write("Ubl/manifest.json", TempCatalogue.Manifest("Factuur", "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"));
        _invoice = Assert.Single(_catalogue.Load().All);
    }

    public void Dispose() => _catalogue.Dispose();

    // UBL 2.1's trivial example invoice with four independent faults, each on its own line.
    private const string FourFaults = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:Note>Out of order: a note comes after the issue date</cbc:Note>
          <cbc:ID>123</cbc:ID>
          <cbc:IssueDate>2011-09-22</cbc:IssueDate>
          <cac:InvoicePeriod>
            <cbc:StartDate>2011-13-45</cbc:StartDate>
            <cbc:EndDate>2011-08-31</cbc:EndDate>
          </cac:InvoicePeriod>
          <cac:AccountingSupplierParty>
            <cac:Party>
              <cac:PartyName>
                <cbc:Naam>Custom Cotter Pins</cbc:Naam>
              </cac:PartyName>
            </cac:Party>
          </cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty>
            <cac:Party>
              <cac:PartyName>
                <cbc:Name>North American Veeblefetzer</cbc:Name>
              </cac:PartyName>
            </cac:Party>
          </cac:AccountingCustomerParty>
          <cac:LegalMonetaryTotal>
            <cbc:PayableAmount>100.00</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:InvoiceLine>
            <cbc:ID>1</cbc:ID>
            <cbc:LineExtensionAmount currencyID="CAD">100.00</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Description>Cotter pin, MIL-SPEC</cbc:Description>
            </cac:Item>
          </cac:InvoiceLine>
        </Invoice>
        """;

    [Fact]
    public void A_document_with_four_independent_faults_reports_four_findings_on_their_lines()
    {
        var report = SchemaValidator.Validate(_invoice, DemoCatalogue.Utf8(FourFaults));

        Assert.False(report.IsValid);
        Assert.All(report.Findings, f => Assert.Equal(FindingCodes.Schema, f.Code));
        var described = string.Join("\n", report.Findings);
        // The note out of order (line 5), month 13 (line 9), an element UBL does not have (line 15) and an amount
        // without its required currency (line 27).
        Assert.True(report.Findings.Select(f => f.Line).SequenceEqual([5, 9, 15, 27]), described);
        Assert.Contains("Note", report.Findings[0].Description, StringComparison.Ordinal);
        Assert.Contains("StartDate", report.Findings[1].Description, StringComparison.Ordinal);
        Assert.Contains("Naam", report.Findings[2].Description, StringComparison.Ordinal);
        Assert.Contains("currencyID", report.Findings[3].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_fault_alone_is_the_only_finding_so_none_is_an_echo_of_another()
    {
        var faults = new[]
        {
            ("<cbc:Note>Out of order: a note comes after the issue date</cbc:Note>\n", ""),
            ("2011-13-45", "2011-08-01"),
            ("cbc:Naam", "cbc:Name"),
            ("<cbc:PayableAmount>", "<cbc:PayableAmount currencyID=\"CAD\">"),
        };
        var valid = faults.Aggregate(FourFaults, (xml, f) => xml.Replace(f.Item1, f.Item2, StringComparison.Ordinal));
        Assert.True(SchemaValidator.Validate(_invoice, DemoCatalogue.Utf8(valid)).IsValid);

        for (var i = 0; i < faults.Length; i++)
        {
            var others = faults.Where((_, j) => j != i);
            var xml = others.Aggregate(FourFaults, (x, f) => x.Replace(f.Item1, f.Item2, StringComparison.Ordinal));
            var report = SchemaValidator.Validate(_invoice, DemoCatalogue.Utf8(xml));
            Assert.True(report.Findings.Count == 1, $"fault {i}: " + string.Join("\n", report.Findings));
        }
    }

    [Fact]
    public void After_an_element_out_of_place_its_later_siblings_are_checked_but_not_their_order()
    {
        // Documented limit: once the root's content is out of order, the order of its remaining children is not
        // judged again, but their content is.
        var xml = FourFaults.Replace("<cbc:IssueDate>2011-09-22</cbc:IssueDate>", "", StringComparison.Ordinal)
            .Replace("</cac:InvoiceLine>", "</cac:InvoiceLine>\n  <cbc:IssueDate>2011-02-30</cbc:IssueDate>", StringComparison.Ordinal);

        var report = SchemaValidator.Validate(_invoice, DemoCatalogue.Utf8(xml));

        Assert.Contains(report.Findings, f => f.Description.Contains("IssueDate", StringComparison.Ordinal)
            && f.Description.Contains("2011-02-30", StringComparison.Ordinal));
    }
}
