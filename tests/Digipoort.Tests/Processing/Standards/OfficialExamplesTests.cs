using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Processing.Standards;

/// <summary>
/// Logius' Basisfactuur Rijk examples and the OASIS UBL 2.1 examples under the official UBL 2.1 schemas and
/// SI-UBL 2.0 rules, with the outcome those rules give each of them.
/// </summary>
public sealed class OfficialExamplesTests(SiUblEntry entry) : IClassFixture<SiUblEntry>
{
    private static (ValidationReport Schema, IReadOnlyList<RuleViolation> Rules, string Described) Check(SiUblEntry entry, string path)
    {
        var (schema, rules) = entry.Check(path);
        return (schema, rules, string.Join("\n", schema.Findings.Select(f => f.ToString()).Concat(rules.Select(r => r.ToString()))));
    }

    private static IEnumerable<string> Errors(IReadOnlyList<RuleViolation> rules) =>
        rules.Where(r => r.Severity == RuleSeverity.Error).Select(r => r.RuleId).Distinct();

    [Fact]
    public void The_NLCIUS_Basisfactuur_Rijk_example_passes_without_a_finding()
    {
        var (schema, rules, described) = Check(entry, Path.Combine(OfficialStandards.BasisfactuurRijk, "NLCIUS voorbeeldbericht Basisfactuur Rijk v01.xml"));

        Assert.True(schema.IsValid && schema.Findings.Count == 0 && rules.Count == 0, described);
    }

    [Fact]
    public void The_Peppol_BIS_3_example_is_refused_only_because_it_is_not_tagged_SI_UBL_2_0()
    {
        // Its CustomizationID is Peppol BIS Billing 3's; everything EN 16931 checks holds.
        var (schema, rules, described) = Check(entry, Path.Combine(OfficialStandards.BasisfactuurRijk, "Peppol BIS 3 voorbeeldbericht Basisfactuur Rijk.xml"));

        Assert.True(schema.IsValid, described);
        Assert.True(Errors(rules).SequenceEqual(["SI-V20-INV-R000"]), described);
    }

    [Fact]
    public void The_UBL_OHNL_example_is_refused_as_not_SI_UBL_2_0_nor_EN_16931()
    {
        // A UBL 2.0 "OHNL 1.9" invoice: schema-valid under UBL 2.1, but neither tagged SI-UBL 2.0 nor carrying what EN 16931 requires.
        var (schema, rules, described) = Check(entry, Path.Combine(OfficialStandards.BasisfactuurRijk, "UBL-OHNL voorbeeldbericht Basisfactuur Rijk v03.xml"));

        Assert.True(schema.IsValid, described);
        Assert.Contains("SI-V20-INV-R000", Errors(rules));
        Assert.Contains("BR-06", Errors(rules));
    }

    [Theory]
    [InlineData("UBL-Invoice-2.1-Example.xml")]
    [InlineData("UBL-Invoice-2.1-Example-Trivial.xml")]
    [InlineData("UBL-CreditNote-2.1-Example.xml")]
    public void The_UBL_2_1_examples_are_valid_UBL_but_not_SI_UBL_2_0_invoices(string example)
    {
        // Plain UBL 2.1 without a CustomizationID: BII2-T10-R001, and the EN 16931 rules (BR-01 among them) fail.
        var (schema, rules, described) = Check(entry, Path.Combine(OfficialStandards.UblExamples, example));

        Assert.True(schema.IsValid, described);
        Assert.Contains("BII2-T10-R001", Errors(rules));
        Assert.Contains("BR-01", Errors(rules));
    }

    [Fact]
    public void The_UBL_2_1_freight_invoice_is_not_a_document_of_this_berichtsoort()
    {
        var (schema, rules, described) = Check(entry, Path.Combine(OfficialStandards.UblExamples, "UBL-FreightInvoice-2.1-Example.xml"));

        Assert.False(schema.IsValid);
        Assert.Contains("root element 'FreightInvoice'", Assert.Single(schema.Findings).Description, StringComparison.Ordinal);
        Assert.Empty(rules);
    }
}
