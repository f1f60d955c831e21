using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Tests.Processing.Demo;

public sealed class JaarverantwoordingTests
{
    private static DemoEntry Report => DemoEntry.Jaarverantwoording;

    [Fact]
    public void The_valid_report_passes_schema_and_rules()
    {
        var (schema, rules) = Report.Check("jaarverantwoording-valid.xml");

        Assert.True(schema.IsValid, string.Join("\n", schema.Findings));
        Assert.Empty(rules);
        Assert.Equal(["kvk"], Report.Manifest.Recipients!);
    }

    [Fact]
    public void The_unbalanced_report_without_revenue_breaks_the_required_fact_and_balance_rules()
    {
        var (schema, rules) = Report.Check("jaarverantwoording-invalid-balance.xml");

        Assert.True(schema.IsValid, string.Join("\n", schema.Findings));
        Assert.Equal([("JV-REQ-REVENUE", 2), ("JV-BALANCE", 30)], rules.Select(v => (v.RuleId, v.Line)));
        Assert.Equal(
            "The balance sheet of 'EOY2025' does not balance: assets 1451500, equity, provisions and liabilities 1450500.",
            rules[1].Message);
    }

    [Fact]
    public void The_report_with_broken_references_breaks_the_reference_unit_and_period_rules()
    {
        var (schema, rules) = Report.Check("jaarverantwoording-invalid-context.xml");

        Assert.True(schema.IsValid, string.Join("\n", schema.Findings));
        Assert.Equal(
            [("JV-CONTEXT-REF", 41), ("JV-MONETARY-CURR", 28), ("JV-MONETARY-UNIT", 32), ("JV-DURATION", 40)],
            rules.Select(v => (v.RuleId, v.Line)));
        Assert.All(rules, v => Assert.Equal(RuleSeverity.Error, v.Severity));
        Assert.Equal("jv:NetResult refers to context 'FY2026', which the report does not define.", rules[0].Message);
    }

    [Fact]
    public void The_schema_invalid_report_has_a_finding_per_planted_mistake()
    {
        var (schema, _) = Report.Check("jaarverantwoording-invalid-schema.xml");

        Assert.False(schema.IsValid);
        Assert.All(schema.Findings, f => Assert.Equal(FindingCodes.Schema, f.Code));
        Assert.Equal([19, 30], schema.Findings.Select(f => f.Line));
    }

    [Fact]
    public void Negative_equity_and_no_employee_count_are_warnings_only()
    {
        var xml = File.ReadAllText(Report.SamplePath("jaarverantwoording-valid.xml"))
            .Replace("""<jv:AverageNumberOfEmployees contextRef="FY2025" unitRef="FTE" decimals="1">23.4</jv:AverageNumberOfEmployees>""", "", StringComparison.Ordinal)
            .Replace(">698100<", ">-698100<", StringComparison.Ordinal)
            .Replace(">588900<", ">1985100<", StringComparison.Ordinal);

        var (schema, rules) = Report.Check(System.Text.Encoding.UTF8.GetBytes(xml));

        Assert.True(schema.IsValid);
        Assert.Equal(["JV-W-EMPLOYEES", "JV-W-NEGATIVE-EQUITY"], rules.Select(v => v.RuleId));
        Assert.All(rules, v => Assert.Equal(RuleSeverity.Warning, v.Severity));
    }
}
