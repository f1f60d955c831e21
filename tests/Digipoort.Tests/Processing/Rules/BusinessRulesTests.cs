using Digipoort.Actors.Processing.Rules;

namespace Digipoort.Tests.Processing.Rules;

public sealed class BusinessRulesTests : IDisposable
{
    // Line 2: the first line, line 3: a line whose amount is not quantity × price.
    private const string Invoice = """
        <Invoice xmlns="urn:test:invoice" issued="2026-11-01">
          <Line id="1"><Quantity>2</Quantity><Price>10.00</Price><Amount>20.00</Amount></Line>
          <Line id="2"><Quantity>3</Quantity><Price>5.00</Price><Amount>16.00</Amount></Line>
          <Total>36.00</Total>
        </Invoice>
        """;

    private readonly RuleFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_failed_assert_is_a_violation_at_its_context_node_with_the_message_filled_in()
    {
        var rules = _files.Load(RuleFiles.Schema("""
            <sch:pattern>
              <sch:rule context="i:Line">
                <sch:assert id="LINE-AMOUNT" test="round(i:Quantity * i:Price * 100) = round(i:Amount * 100)">
                  <sch:name/> <sch:value-of select="@id"/>: amount <sch:value-of select="i:Amount"/>
                  is not <sch:value-of select="i:Quantity * i:Price"/>.
                </sch:assert>
              </sch:rule>
            </sch:pattern>
            """));

        var violation = Assert.Single(RuleFiles.Evaluate(rules, Invoice));

        Assert.Equal(new RuleViolation("LINE-AMOUNT", RuleSeverity.Error, "Line 2: amount 16.00 is not 15.", 3, 4), violation);
        Assert.Equal(1, rules.AssertionCount);
        var finding = violation.ToFinding();
        Assert.Equal(("LINE-AMOUNT", "Line 2: amount 16.00 is not 15.", 3, 4), (finding.Code, finding.Description, finding.Line, finding.Position));
    }

    [Fact]
    public void A_report_is_a_violation_when_its_test_is_true_and_severity_comes_from_role_or_flag()
    {
        var rules = _files.Load(RuleFiles.Schema("""
            <sch:pattern>
              <sch:rule context="/i:Invoice">
                <sch:report id="R-ERROR" test="true()">e</sch:report>
                <sch:report id="R-FATAL" role="fatal" test="true()">f</sch:report>
                <sch:report id="R-WARNING" role="warning" test="true()">w</sch:report>
                <sch:report id="R-WARN" flag="warn" test="true()">w</sch:report>
                <sch:report id="R-INFO" role="Information" test="true()">i</sch:report>
                <sch:report id="R-QUIET" role="warning" test="false()">never</sch:report>
                <sch:assert id="A-QUIET" test="i:Total">never</sch:assert>
              </sch:rule>
            </sch:pattern>
            """));

        var violations = RuleFiles.Evaluate(rules, Invoice);

        Assert.Equal(
            [("R-ERROR", RuleSeverity.Error), ("R-FATAL", RuleSeverity.Error), ("R-WARNING", RuleSeverity.Warning),
             ("R-WARN", RuleSeverity.Warning), ("R-INFO", RuleSeverity.Warning)],
            violations.Select(v => (v.RuleId, v.Severity)));
        Assert.All(violations, v => Assert.Equal((1, 2), (v.Line, v.Position)));
    }

    [Fact]
    public void Violations_come_per_rule_in_document_order_and_a_union_context_matches_anywhere()
    {
        var rules = _files.Load(RuleFiles.Schema("""
            <sch:pattern>
              <sch:rule context="i:Total | i:Line/i:Amount">
                <sch:report id="AMOUNT" test="true()"><sch:value-of select="."/></sch:report>
              </sch:rule>
            </sch:pattern>
            """));

        Assert.Equal(["20.00", "16.00", "36.00"], RuleFiles.Evaluate(rules, Invoice).Select(v => v.Message));
    }

    [Fact]
    public void A_node_fired_by_one_rule_of_a_pattern_is_not_checked_by_its_later_rules_but_other_patterns_check_it()
    {
        var rules = _files.Load(RuleFiles.Schema("""
            <sch:pattern>
              <sch:rule context="i:Line[@id = '1']"><sch:report id="FIRST" test="true()"><sch:value-of select="@id"/></sch:report></sch:rule>
              <sch:rule context="i:Line"><sch:report id="SECOND" test="true()"><sch:value-of select="@id"/></sch:report></sch:rule>
            </sch:pattern>
            <sch:pattern>
              <sch:rule context="i:Line"><sch:report id="OTHER" test="true()"><sch:value-of select="@id"/></sch:report></sch:rule>
            </sch:pattern>
            """));

        Assert.Equal([("FIRST", "1"), ("SECOND", "2"), ("OTHER", "1"), ("OTHER", "2")],
            RuleFiles.Evaluate(rules, Invoice).Select(v => (v.RuleId, v.Message)));
    }

    [Fact]
    public void Let_variables_hold_per_context_node_values_and_later_lets_see_earlier_ones()
    {
        var rules = _files.Load(RuleFiles.Schema("""
            <sch:pattern>
              <sch:rule context="i:Line">
                <sch:let name="id" value="@id"/>
                <sch:let name="lines" value="count(../i:Line[@id = $id])"/>
                <sch:let name="expected" value="i:Quantity * i:Price"/>
                <sch:assert id="UNIQUE" test="$lines = 1">duplicate</sch:assert>
                <sch:report id="EXPECTED" test="true()"><sch:value-of select="$id"/>=<sch:value-of select="$expected"/></sch:report>
              </sch:rule>
            </sch:pattern>
            """));

        var violations = RuleFiles.Evaluate(rules, Invoice.Replace("id=\"2\"", "id=\"1\"", StringComparison.Ordinal));

        Assert.Equal(["duplicate", "1=20", "duplicate", "1=15"], violations.Select(v => v.Message));
    }

    [Fact]
    public void Concurrent_evaluations_of_rules_with_variables_do_not_see_each_others_values()
    {
        var rules = _files.Load(RuleFiles.Schema("""
            <sch:pattern>
              <sch:rule context="i:Line">
                <sch:let name="amount" value="number(i:Amount)"/>
                <sch:report id="AMOUNT" test="$amount > 0"><sch:value-of select="$amount"/></sch:report>
              </sch:rule>
            </sch:pattern>
            """));
        var documents = Enumerable.Range(1, 4)
            .Select(n => RuleFiles.Navigator($"<Invoice xmlns='urn:test:invoice'>{string.Concat(Enumerable.Repeat($"<Line><Amount>{n}</Amount></Line>", 50))}</Invoice>"))
            .ToArray();
        var mismatches = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var n = i % 4 + 1;
            var violations = rules.Evaluate(documents[n - 1].Clone(), CancellationToken.None);
            if (violations.Count != 50 || violations.Any(v => v.Message != n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                Interlocked.Increment(ref mismatches);
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Evaluation_stops_at_the_cap_with_an_error_saying_so()
    {
        var rules = _files.Load(RuleFiles.Schema("""
            <sch:pattern><sch:rule context="*"><sch:report id="ANY" role="warning" test="true()">x</sch:report></sch:rule></sch:pattern>
            """));

        var violations = rules.Evaluate(RuleFiles.Navigator(Invoice), 3, CancellationToken.None);

        Assert.Equal(["ANY", "ANY", "ANY", BusinessRules.TruncatedRuleId], violations.Select(v => v.RuleId));
        Assert.Equal(RuleSeverity.Error, violations[^1].Severity);
    }

    [Fact]
    public void The_manifest_supplies_prefixes_the_rule_file_does_not_declare()
    {
        var rules = _files.Load("""
            <sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">
              <sch:pattern><sch:rule context="/m:Invoice"><sch:assert id="TOTAL" test="m:Total > 100">small</sch:assert></sch:rule></sch:pattern>
            </sch:schema>
            """, new Dictionary<string, string> { ["m"] = RuleFiles.InvoiceNamespace });

        Assert.Equal("TOTAL", Assert.Single(RuleFiles.Evaluate(rules, Invoice)).RuleId);
    }

    [Fact]
    public void Evaluation_observes_cancellation()
    {
        var rules = _files.Load(RuleFiles.Schema("""<sch:pattern><sch:rule context="*"><sch:assert id="A" test="true()">x</sch:assert></sch:rule></sch:pattern>"""));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => rules.Evaluate(RuleFiles.Navigator(Invoice), cancelled.Token));
    }

    [Fact]
    public void Loading_a_document_refuses_a_DTD()
    {
        using var stream = DemoCatalogue.Utf8("<!DOCTYPE Invoice [<!ENTITY x 'y'>]><Invoice>&x;</Invoice>");

        Assert.Throws<System.Xml.XmlException>(() => BusinessRules.LoadDocument(stream));
    }
}
