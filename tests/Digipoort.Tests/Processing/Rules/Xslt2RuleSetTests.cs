using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Rules;

namespace Digipoort.Tests.Processing.Rules;

/// <summary>The XPath 2.0 Schematron engine on small rule sets: what it runs, and what it refuses at load, named.</summary>
public sealed class Xslt2RuleSetTests : IDisposable
{
    private readonly RuleFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Schema(string body, string attributes = "") => $"""
        <sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2" {attributes}>
          <sch:ns prefix="i" uri="{RuleFiles.InvoiceNamespace}"/>
          <sch:ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>
        {body}
        </sch:schema>
        """;

    private const string Invoice = $"""
        <i:Invoice xmlns:i="{RuleFiles.InvoiceNamespace}">
          <i:Total>10.00</i:Total>
          <i:Line amount="4.00"/>
          <i:Line amount="5.00"/>
        </i:Invoice>
        """;

    [Fact]
    public void XPath_2_expressions_lets_and_messages_run_with_rule_id_flag_location_and_line()
    {
        var rules = _files.Load(Schema("""
            <sch:let name="lines" value="//i:Line"/>
            <sch:pattern id="totals">
              <sch:let name="sum" value="sum(for $l in $lines return xs:decimal($l/@amount))"/>
              <sch:rule context="i:Invoice">
                <sch:let name="total" value="xs:decimal(i:Total)"/>
                <sch:assert id="T-1" flag="fatal" test="$total eq $sum">[T-1] Total <sch:value-of select="$total"/> is not <sch:value-of select="$sum"/>.</sch:assert>
                <sch:report id="T-2" flag="warning" test="count($lines) lt 3">[T-2] Only <sch:value-of select="count($lines)"/> lines.</sch:report>
              </sch:rule>
            </sch:pattern>
            """));

        var violations = RuleFiles.Evaluate(rules, Invoice);

        Assert.Equal(["T-1", "T-2"], violations.Select(v => v.RuleId));
        Assert.Equal([RuleSeverity.Error, RuleSeverity.Warning], violations.Select(v => v.Severity));
        Assert.Equal("fatal: [T-1] Total 10 is not 9. (at /i:Invoice[1])", violations[0].Message);
        Assert.Equal("warning: [T-2] Only 2 lines. (at /i:Invoice[1])", violations[1].Message);
        Assert.Equal(1, violations[0].Line);
    }

    [Fact]
    public void Abstract_patterns_are_instantiated_with_their_parameters()
    {
        var rules = _files.Load(Schema("""
            <sch:pattern abstract="true" id="positive">
              <sch:rule context="$item"><sch:assert id="P-1" test="$amount &gt; 0">[P-1] Not positive.</sch:assert></sch:rule>
            </sch:pattern>
            <sch:pattern is-a="positive" id="lines">
              <sch:param name="item" value="i:Line"/>
              <sch:param name="amount" value="xs:decimal(@amount) - 4.5"/>
            </sch:pattern>
            """));

        var violation = Assert.Single(RuleFiles.Evaluate(rules, Invoice));

        Assert.Equal(("P-1", 3), (violation.RuleId, violation.Line));
        Assert.EndsWith("(at /i:Invoice[1]/i:Line[1])", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Abstract_rules_are_extended_and_a_node_is_checked_by_the_first_rule_of_a_pattern_only()
    {
        var rules = _files.Load(Schema("""
            <sch:pattern>
              <sch:rule abstract="true" id="has-amount"><sch:assert id="A-1" test="@amount">[A-1] No amount.</sch:assert></sch:rule>
              <sch:rule context="i:Line[1]"><sch:extends rule="has-amount"/><sch:report id="A-2" test="true()">[A-2] First.</sch:report></sch:rule>
              <sch:rule context="i:Line"><sch:report id="A-3" test="true()">[A-3] Other.</sch:report></sch:rule>
            </sch:pattern>
            """));

        Assert.Equal(["A-2", "A-3"], RuleFiles.Evaluate(rules, Invoice).Select(v => v.RuleId));
    }

    [Fact]
    public void A_phase_runs_only_its_patterns_and_the_default_phase_is_used_without_one()
    {
        var body = """
            <sch:phase id="only-b"><sch:active pattern="b"/></sch:phase>
            <sch:pattern id="a"><sch:rule context="i:Invoice"><sch:report id="R-A" test="true()">[R-A] a</sch:report></sch:rule></sch:pattern>
            <sch:pattern id="b"><sch:rule context="i:Invoice"><sch:report id="R-B" test="true()">[R-B] b</sch:report></sch:rule></sch:pattern>
            """;
        _files.Write("Test/rules/rules.sch", Schema(body));

        Assert.Equal(["R-A", "R-B"], RuleFiles.Evaluate(BusinessRules.Load(_files.Folder, "rules/rules.sch"), Invoice).Select(v => v.RuleId));
        Assert.Equal(["R-B"], RuleFiles.Evaluate(BusinessRules.Load(_files.Folder, "rules/rules.sch", phase: "only-b"), Invoice).Select(v => v.RuleId));
        Assert.Equal(["R-B"], RuleFiles.Evaluate(_files.Load(Schema(body, "defaultPhase='only-b'")), Invoice).Select(v => v.RuleId));
        var e = Assert.Throws<CatalogueException>(() => BusinessRules.Load(_files.Folder, "rules/rules.sch", phase: "nope"));
        Assert.Contains("the phase 'nope' is not declared", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_included_pattern_runs_and_an_include_outside_the_folder_is_refused()
    {
        _files.Write("Test/rules/parts/p.sch", """
            <pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="i:Invoice"><report id="I-1" test="true()">[I-1] included</report></rule></pattern>
            """);
        var rules = _files.Load(Schema("""<sch:include href="parts/p.sch"/>"""));
        Assert.Equal(["I-1"], RuleFiles.Evaluate(rules, Invoice).Select(v => v.RuleId));

        _files.Write("elders.sch", "<pattern xmlns='http://purl.oclc.org/dsdl/schematron'/>");
        var e = Assert.Throws<CatalogueException>(() => _files.Load(Schema("""<sch:include href="../../../elders.sch"/>""")));
        Assert.Contains("refused", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""<xsl:key xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="k" match="i:Line" use="@amount"/>""", "xsl:key is not supported")]
    [InlineData("""<sch:pattern><sch:rule context="i:Invoice"><sch:assert id="F-1" test="u:gln(.)">x</sch:assert></sch:rule></sch:pattern>""", "'u:gln(.)'")]
    [InlineData("""<sch:pattern><sch:rule context="i:Invoice"><sch:assert id="F-1" test="no-such-function(.)">x</sch:assert></sch:rule></sch:pattern>""", "no-such-function")]
    [InlineData("""<sch:pattern><sch:rule context="i:Invoice"><sch:assert id="V-1" test="$nowhere">x</sch:assert></sch:rule></sch:pattern>""", "$nowhere")]
    [InlineData("""<sch:pattern><sch:rule context="i:Invoice"><sch:assert test="true()">no id</sch:assert></sch:rule></sch:pattern>""", "no id")]
    [InlineData("""<sch:pattern><sch:rule context="i:Invoice"><sch:assert id="S-1" flag="maybe" test="true()">x</sch:assert></sch:rule></sch:pattern>""", "'maybe' is not a severity")]
    [InlineData("""<sch:pattern is-a="missing" id="m"/>""", "is-a='missing'")]
    [InlineData("""<sch:pattern><sch:rule context="i:Invoice"><sch:extends rule="missing"/></sch:rule></sch:pattern>""", "sch:extends names 'missing'")]
    public void Constructs_that_cannot_run_as_published_refuse_the_rule_set_naming_them_and_their_line(string body, string named)
    {
        var e = Assert.Throws<CatalogueException>(() => _files.Load(Schema(body).Replace("<sch:schema ", "<sch:schema xmlns:u='urn:u' ", StringComparison.Ordinal)));

        Assert.True(e.Reason.Contains(named, StringComparison.Ordinal), e.Reason);
        Assert.True(e.Reason.Contains("rules.sch (line ", StringComparison.Ordinal), e.Reason);
    }

    [Fact]
    public void A_rule_that_cannot_be_evaluated_on_a_document_is_an_error_finding_not_a_pass()
    {
        var rules = _files.Load(Schema("""
            <sch:pattern><sch:rule context="i:Invoice"><sch:assert id="E-1" test="xs:decimal(i:Total) gt 0">[E-1] x</sch:assert></sch:rule></sch:pattern>
            """));

        var violation = Assert.Single(RuleFiles.Evaluate(rules, Invoice.Replace("10.00", "tien", StringComparison.Ordinal)));

        Assert.Equal(("E-1", RuleSeverity.Error), (violation.RuleId, violation.Severity));
        Assert.Contains("could not be evaluated", violation.Message, StringComparison.Ordinal);
    }
}
