using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Rules.Xslt2;

namespace Digipoort.Tests.Processing.Rules;

/// <summary>
/// <c>xsl:function</c> in xslt2 Schematron, declared the way Peppol BIS Billing 3 declares its own: check digits with
/// variables, as-conversions, choose/otherwise with variables, functions calling each other and themselves; two rule
/// sets with the same function name side by side; what is refused; runaway recursion.
/// </summary>
public sealed class XslFunctionTests : IDisposable
{
    private readonly RuleFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Schema(string body, string functionNamespace = "utils") => $"""
        <sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" xmlns:u="{functionNamespace}" queryBinding="xslt2">
          <sch:ns prefix="i" uri="{RuleFiles.InvoiceNamespace}"/>
          <sch:ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>
          <sch:ns prefix="u" uri="{functionNamespace}"/>
        {body}
        </sch:schema>
        """;

    // Shaped like Peppol BIS Billing 3's functions (u:gln, u:slack, u:checkCodiceIPA, u:checkPIVA, u:addPIVA,
    // u:checkSEOrgnr), written for this test, plus two that call each other.
    private const string PeppolShapedFunctions = """
        <function xmlns="http://www.w3.org/1999/XSL/Transform" name="u:gln" as="xs:boolean">
          <param name="val"/>
          <variable name="length" select="string-length($val) - 1"/>
          <variable name="digits" select="reverse(for $i in string-to-codepoints(substring($val, 0, $length + 1)) return $i - 48)"/>
          <variable name="weightedSum" select="sum(for $i in (0 to $length - 1) return $digits[$i + 1] * (1 + ((($i + 1) mod 2) * 2)))"/>
          <value-of select="(10 - ($weightedSum mod 10)) mod 10 = number(substring($val, $length + 1, 1))"/>
        </function>
        <function xmlns="http://www.w3.org/1999/XSL/Transform" name="u:slack" as="xs:boolean">
          <param name="exp" as="xs:decimal"/>
          <param name="val" as="xs:decimal"/>
          <param name="slack" as="xs:decimal"/>
          <value-of select="xs:decimal($exp + $slack) &gt;= $val and xs:decimal($exp - $slack) &lt;= $val"/>
        </function>
        <function name="u:checkCodiceIPA" as="xs:boolean" xmlns="http://www.w3.org/1999/XSL/Transform">
          <param name="arg" as="xs:string?"/>
          <variable name="allowed-characters">ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789</variable>
          <sequence select="if ((string-length(translate($arg, $allowed-characters, '')) = 0) and (string-length($arg) = 6)) then true() else false()"/>
        </function>
        <function name="u:checkPIVA" as="xs:integer" xmlns="http://www.w3.org/1999/XSL/Transform">
          <param name="arg" as="xs:string?"/>
          <sequence select="if (not($arg castable as xs:integer)) then 1 else (u:addPIVA($arg, xs:integer(0)) mod 10)"/>
        </function>
        <function name="u:addPIVA" as="xs:integer" xmlns="http://www.w3.org/1999/XSL/Transform">
          <param name="arg" as="xs:string"/>
          <param name="pari" as="xs:integer"/>
          <variable name="tappo" select="if (not($arg castable as xs:integer)) then 0 else 1"/>
          <variable name="mapper" select="if ($tappo = 0) then 0 else (if ($pari = 1)
              then (xs:integer(substring('0246813579', (xs:integer(substring($arg, 1, 1)) + 1), 1)))
              else (xs:integer(substring($arg, 1, 1))))"/>
          <sequence select="if ($tappo = 0) then $mapper else (xs:integer($mapper) + u:addPIVA(substring(xs:string($arg), 2), (if ($pari = 0) then 1 else 0)))"/>
        </function>
        <function xmlns="http://www.w3.org/1999/XSL/Transform" name="u:checkSEOrgnr" as="xs:boolean">
          <param name="number" as="xs:string"/>
          <choose>
            <!-- numeric only -->
            <when test="not(matches($number, '^\d+$'))">
              <sequence select="false()"/>
            </when>
            <otherwise>
              <variable name="mainPart" select="substring($number, 1, 9)"/>
              <variable name="checkDigit" select="substring($number, 10, 1)"/>
              <variable name="sum" as="xs:integer">
                <value-of select="sum(for $pos in 1 to string-length($mainPart) return
                  if ($pos mod 2 = 1)
                  then (number(substring($mainPart, string-length($mainPart) - $pos + 1, 1)) * 2) mod 10
                     + (number(substring($mainPart, string-length($mainPart) - $pos + 1, 1)) * 2) idiv 10
                  else number(substring($mainPart, string-length($mainPart) - $pos + 1, 1)))"/>
              </variable>
              <variable name="calculatedCheckDigit" select="(10 - $sum mod 10) mod 10"/>
              <sequence select="$calculatedCheckDigit = number($checkDigit)"/>
            </otherwise>
          </choose>
        </function>
        <function xmlns="http://www.w3.org/1999/XSL/Transform" name="u:isEven" as="xs:boolean">
          <param name="n" as="xs:integer"/>
          <sequence select="if ($n = 0) then true() else u:isOdd($n - 1)"/>
        </function>
        <function xmlns="http://www.w3.org/1999/XSL/Transform" name="u:isOdd" as="xs:boolean">
          <param name="n" as="xs:integer"/>
          <if test="$n = 0"><sequence select="false()"/></if>
          <if test="$n != 0"><sequence select="u:isEven($n - 1)"/></if>
        </function>
        """;

    private const string PeppolShapedRules = """
        <sch:pattern>
          <sch:rule context="i:Party">
            <sch:assert id="GLN-1" flag="fatal" test="not(i:GLN) or u:gln(i:GLN)">[GLN-1] GLN check digit</sch:assert>
            <sch:assert id="IT-1" flag="fatal" test="not(i:VAT) or u:checkPIVA(i:VAT) = 0">[IT-1] partita IVA</sch:assert>
            <sch:assert id="IPA-1" flag="fatal" test="not(i:IPA) or u:checkCodiceIPA(i:IPA)">[IPA-1] codice IPA</sch:assert>
            <sch:assert id="SE-1" flag="fatal" test="not(i:OrgNr) or u:checkSEOrgnr(normalize-space(i:OrgNr))">[SE-1] organisation number</sch:assert>
          </sch:rule>
          <sch:rule context="i:Invoice">
            <sch:assert id="SUM-1" flag="fatal" test="u:slack(i:Total, sum(i:Line/@amount), 0.02)">[SUM-1] Total <sch:value-of select="i:Total"/> is not the sum of the lines</sch:assert>
            <sch:report id="ODD-1" flag="warning" test="u:isOdd(count(i:Line))">[ODD-1] An odd number of lines</sch:report>
          </sch:rule>
        </sch:pattern>
        """;

    private static string Invoice(string total, string gln, string vat, string ipa, string orgNr, int lines = 2) => $"""
        <i:Invoice xmlns:i="{RuleFiles.InvoiceNamespace}">
          <i:Total>{total}</i:Total>
          <i:Party><i:GLN>{gln}</i:GLN><i:VAT>{vat}</i:VAT><i:IPA>{ipa}</i:IPA><i:OrgNr> {orgNr} </i:OrgNr></i:Party>
          {string.Concat(Enumerable.Repeat("<i:Line amount=\"4.50\"/>", lines))}
        </i:Invoice>
        """;

    [Fact]
    public void Peppol_shaped_functions_pass_a_good_document_and_name_each_broken_rule_of_a_bad_one()
    {
        var rules = _files.Load(Schema(PeppolShapedFunctions + PeppolShapedRules));

        Assert.Empty(RuleFiles.Evaluate(rules, Invoice("9.00", "4000001000005", "12345678903", "UFXB3K", "5560360793")));
        Assert.Empty(RuleFiles.Evaluate(rules, Invoice("9.01", "7300010000001", "01114601006", "ABC123", "2021005489")));

        var bad = RuleFiles.Evaluate(rules, Invoice("9.10", "4000001000006", "12345678901", "UFX-3K", "5560360794", lines: 3));

        Assert.Equal(["GLN-1", "IT-1", "IPA-1", "SE-1", "SUM-1", "ODD-1"], bad.Select(v => v.RuleId));
        Assert.Equal(RuleSeverity.Warning, bad[^1].Severity);
        Assert.Equal("fatal: [SUM-1] Total 9.10 is not the sum of the lines (at /i:Invoice[1])", bad[4].Message);
    }

    [Fact]
    public void A_letter_in_a_number_is_a_failed_rule_where_the_function_says_so_and_an_error_finding_where_it_cannot_run()
    {
        var rules = _files.Load(Schema(PeppolShapedFunctions + PeppolShapedRules));

        var violations = RuleFiles.Evaluate(rules, Invoice("9.0O", "4000001000005", "1234567890X", "UFXB3K", "55603607x3"));

        // u:checkPIVA and u:checkSEOrgnr test for digits themselves; xs:decimal("9.0O") for u:slack cannot be cast.
        Assert.Equal(["IT-1", "SE-1", "SUM-1"], violations.Select(v => v.RuleId));
        Assert.DoesNotContain("could not be evaluated", violations[0].Message, StringComparison.Ordinal);
        Assert.Contains("SUM-1 could not be evaluated here", violations[2].Message, StringComparison.Ordinal);
        Assert.Equal(RuleSeverity.Error, violations[2].Severity);
    }

    [Fact]
    public void Results_and_parameters_are_converted_as_declared_and_value_of_gives_its_text()
    {
        var rules = _files.Load(Schema("""
            <xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:text">
              <xsl:param name="a"/>
              <xsl:value-of select="$a, $a * 2"/>
            </xsl:function>
            <xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:half" as="xs:double">
              <xsl:param name="n" as="xs:decimal?"/>
              <xsl:sequence select="if (empty($n)) then -1 else $n div 2"/>
            </xsl:function>
            <xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:joined" as="xs:string">
              <xsl:param name="items"/>
              <xsl:variable name="tree"><xsl:sequence select="data($items/@amount), 'x'"/>!</xsl:variable>
              <xsl:value-of select="$tree"/>
            </xsl:function>
            <sch:pattern><sch:rule context="i:Invoice">
              <sch:report id="V-1" test="true()">[V-1] <sch:value-of select="u:text(3)"/>|<sch:value-of select="u:text(3) = '3 6'"/>|<sch:value-of select="u:half(i:Total)"/>|<sch:value-of select="u:half(i:None)"/>|<sch:value-of select="u:joined(i:Line)"/></sch:report>
              <sch:report id="V-2" test="u:half(i:Line) gt 0">[V-2] two lines are not one decimal</sch:report>
            </sch:rule></sch:pattern>
            """));

        var violations = RuleFiles.Evaluate(rules, Invoice("9.00", "", "", "", ""));

        Assert.Equal(["V-1", "V-2"], violations.Select(v => v.RuleId));
        Assert.StartsWith("error: [V-1] 3 6|true|4.5|-1|4.50 4.50 x! (at", violations[0].Message, StringComparison.Ordinal);
        Assert.Contains("V-2 could not be evaluated here", violations[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_rule_sets_declaring_the_same_function_differently_each_use_their_own_and_an_identical_reload_reuses_its_registration()
    {
        var functionNamespace = $"urn:test:functions:{Guid.NewGuid():N}";
        string Declaring(string value) => Schema($$"""
            <xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:kind" as="xs:string">
              <xsl:param name="x"/>
              <xsl:sequence select="'{{value}}'"/>
            </xsl:function>
            <sch:pattern><sch:rule context="i:Invoice"><sch:report id="K-1" test="true()">[K-1] <sch:value-of select="u:kind(.)"/></sch:report></sch:rule></sch:pattern>
            """, functionNamespace);
        using var otherFiles = new RuleFiles();

        var first = _files.Load(Declaring("first"));
        var second = otherFiles.Load(Declaring("second"));
        var firstAgain = BusinessRules.Load(_files.Folder, "rules/rules.sch");

        var document = Invoice("9.00", "", "", "", "");
        Assert.StartsWith("error: [K-1] first", RuleFiles.Evaluate(first, document)[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("error: [K-1] second", RuleFiles.Evaluate(second, document)[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("error: [K-1] first", RuleFiles.Evaluate(firstAgain, document)[0].Message, StringComparison.Ordinal);
        Assert.Equal(2, XslFunctionRegistry.Registrations(functionNamespace));
    }

    [Fact]
    public void A_function_recursing_once_per_character_is_stopped_at_the_depth_cap_with_an_error_finding()
    {
        var rules = _files.Load(Schema($"""
            <xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:length" as="xs:integer">
              <xsl:param name="s" as="xs:string"/>
              <xsl:sequence select="if ($s = '') then 0 else 1 + u:length(substring($s, 2))"/>
            </xsl:function>
            <xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:forever">
              <xsl:param name="x"/>
              <xsl:sequence select="u:forever($x)"/>
            </xsl:function>
            <sch:pattern><sch:rule context="i:Line">
              <sch:assert id="L-1" test="u:length(@text) = string-length(@text)">[L-1] length</sch:assert>
            </sch:rule></sch:pattern>
            <sch:pattern><sch:rule context="i:Total">
              <sch:let name="never" value="u:forever(.)"/>
              <sch:assert id="F-1" test="empty($never)">[F-1] forever</sch:assert>
            </sch:rule></sch:pattern>
            """));
        var within = new string('7', XslFunction.MaxDepth - 1);
        var document = $"""
            <i:Invoice xmlns:i="{RuleFiles.InvoiceNamespace}">
              <i:Total>1</i:Total>
              <i:Line text="{within}"/>
              <i:Line text="{within}7"/>
              <i:Line text="{new string('7', 200_000)}"/>
            </i:Invoice>
            """;

        var violations = RuleFiles.Evaluate(rules, document);

        Assert.Equal([("L-1", 4), ("L-1", 5), ("F-1", 2)], violations.Select(v => (v.RuleId, v.Line)));
        Assert.All(violations, v => Assert.Equal(RuleSeverity.Error, v.Severity));
        Assert.All(violations, v => Assert.Contains($"more than {XslFunction.MaxDepth} levels deep", v.Message, StringComparison.Ordinal));
        Assert.Contains("the variable $never", violations[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_thread_with_a_small_stack_deep_calls_end_in_an_error_finding_not_a_crash()
    {
        var rules = _files.Load(Schema("""
            <xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:length" as="xs:integer">
              <xsl:param name="s" as="xs:string"/>
              <xsl:sequence select="if ($s = '') then 0 else 1 + u:length(substring($s, 2))"/>
            </xsl:function>
            <sch:pattern><sch:rule context="i:Line">
              <sch:assert id="L-1" test="u:length(@text) = string-length(@text)">[L-1] length</sch:assert>
            </sch:rule></sch:pattern>
            """));
        var document = $"""<i:Invoice xmlns:i="{RuleFiles.InvoiceNamespace}"><i:Line text="{new string('7', XslFunction.MaxDepth - 1)}"/></i:Invoice>""";
        IReadOnlyList<RuleViolation>? violations = null;

        var thread = new Thread(() => violations = RuleFiles.Evaluate(rules, document), maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        var violation = Assert.Single(violations!);
        Assert.Contains("stack ran low", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluations_on_many_threads_at_once_give_the_findings_of_one_thread()
    {
        // Shared compiled expressions with "for" bindings, called recursively and concurrently: the XPath2 library
        // re-binds an expression's tree on every evaluation, so sharing one across threads mixed up their variables.
        var rules = _files.Load(Schema(PeppolShapedFunctions + PeppolShapedRules + """
            <sch:pattern><sch:rule context="i:Line">
              <sch:assert id="FOR-1" test="sum(for $x in (1 to 50) return $x * string-length(@amount)) = 1275 * 4">[FOR-1] x</sch:assert>
            </sch:rule></sch:pattern>
            """));
        string[] documents =
        [
            Invoice("180.00", "4000001000005", "12345678903", "UFXB3K", "5560360793", lines: 40),
            Invoice("9.10", "4000001000006", "12345678901", "UFX-3K", "5560360794", lines: 41).Replace("4.50", "14.50", StringComparison.Ordinal),
        ];
        var expected = documents.Select(d => RuleFiles.Evaluate(rules, d).Select(v => (v.RuleId, v.Line, v.Message)).ToList()).ToArray();
        Assert.Empty(expected[0]);
        Assert.Equal(6 + 41, expected[1].Count);

        const int threadCount = 4, rounds = 25;
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(threadCount);
        var threads = Enumerable.Range(0, threadCount).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < rounds; i++)
            {
                var which = (i + t) % documents.Length;
                try
                {
                    var found = RuleFiles.Evaluate(rules, documents[which]).Select(v => (v.RuleId, v.Line, v.Message)).ToList();
                    if (!found.SequenceEqual(expected[which]))
                        mismatches.Add(string.Join("; ", found.Except(expected[which]).Take(2)));
                }
                catch (Exception e)
                {
                    mismatches.Add(e.GetType().Name);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"><xsl:for-each select="1 to 3"><xsl:sequence select="."/></xsl:for-each></xsl:function>""", "xsl:for-each is not supported inside xsl:function")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"><xsl:apply-templates select="."/></xsl:function>""", "xsl:apply-templates is not supported inside xsl:function")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"><xsl:call-template name="t"/></xsl:function>""", "xsl:call-template is not supported inside xsl:function")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"><result/></xsl:function>""", "literal result element result")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f" as="xs:date"><xsl:sequence select="1"/></xsl:function>""", "as=\"xs:date\" is not supported")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"><xsl:param name="p" as="element()*"/></xsl:function>""", "as=\"element()*\" is not supported")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"><xsl:sequence select="1"/><xsl:param name="p"/></xsl:function>""", "xsl:param must come before")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="f"/>""", "needs a namespace prefix")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"/><xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"/>""", "declared twice")]
    [InlineData("""<sch:let name="g" value="1"/><xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"><xsl:sequence select="$g"/></xsl:function>""", "reads the variable $g, which is no parameter or variable of the function")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"><xsl:sequence select="u:missing()"/></xsl:function>""", "'u:missing()'")]
    [InlineData("""<xsl:key xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="k" match="i:Line" use="@amount"/>""", "xsl:key is not supported")]
    [InlineData("""<sch:pattern><sch:rule context="i:Invoice"><xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"/></sch:rule></sch:pattern>""", "xsl:function is not supported")]
    [InlineData("""<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="u:f"/><sch:pattern><sch:rule context="i:Invoice"><sch:assert id="N-1" test="u:item">x</sch:assert></sch:rule></sch:pattern>""", "uses the name u:item")]
    public void Constructs_a_function_cannot_run_refuse_the_rule_set_naming_them_and_their_line(string body, string named)
    {
        var e = Assert.Throws<CatalogueException>(() => _files.Load(Schema(body)));

        Assert.True(e.Reason.Contains(named, StringComparison.Ordinal), e.Reason);
        Assert.True(e.Reason.Contains("rules.sch (line ", StringComparison.Ordinal), e.Reason);
    }
}
