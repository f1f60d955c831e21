using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Rules;

namespace Digipoort.Tests.Processing.Rules;

/// <summary>What the supported Schematron subset leaves out is refused at load, saying what and where.</summary>
public sealed class SchematronRefusalTests : IDisposable
{
    private readonly RuleFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Rule(string checks, string context = "i:Line") =>
        RuleFiles.Schema($"<sch:pattern><sch:rule context=\"{context}\">{checks}</sch:rule></sch:pattern>");

    [Theory]
    [InlineData("<sch:include href='other.sch'/>", "sch:include is not supported")]
    [InlineData("<sch:pattern abstract='true' id='p'/>", "abstract patterns")]
    [InlineData("<sch:pattern is-a='p'/>", "abstract patterns")]
    [InlineData("<sch:pattern><sch:rule abstract='true' id='r'/></sch:pattern>", "abstract rules")]
    [InlineData("<sch:pattern><sch:rule context='*'><sch:extends rule='r'/></sch:rule></sch:pattern>", "sch:extends is not supported")]
    [InlineData("<sch:let name='x' value='1'/>", "only inside sch:rule")]
    [InlineData("<sch:pattern><sch:let name='x' value='1'/></sch:pattern>", "only inside sch:rule")]
    [InlineData("<sch:phase id='p'/>", "sch:phase is not supported")]
    public void Unsupported_constructs_are_refused(string body, string reason)
    {
        var e = Assert.Throws<CatalogueException>(() => _files.Load(RuleFiles.Schema(body)));

        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.Contains("rules/rules.sch (line ", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xslt3")]
    [InlineData("exslt")]
    public void Query_bindings_other_than_XPath_1_and_2_are_refused(string binding)
    {
        var e = Assert.Throws<CatalogueException>(() => _files.Load(
            $"<sch:schema xmlns:sch='http://purl.oclc.org/dsdl/schematron' queryBinding='{binding}'/>"));

        Assert.Contains($"queryBinding '{binding}' is not supported", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<sch:assert test='true()'>x</sch:assert>", "needs a 'id' attribute")]
    [InlineData("<sch:assert id='A' test='true()'/><sch:report id='A' test='true()'/>", "'A' is used more than once")]
    [InlineData("<sch:assert id='ID-LONGER-THAN-20-CHARS' test='true()'/>", "longer than 20 characters")]
    [InlineData("<sch:assert id='A'/>", "needs a 'test' attribute")]
    [InlineData("<sch:assert id='A' test='x:Amount'/>", "'x:Amount'")]
    [InlineData("<sch:assert id='A' test='i:Amount ='/>", "'i:Amount ='")]
    [InlineData("<sch:assert id='A' test='$undeclared'/>", "undeclared")]
    [InlineData("<sch:assert id='A' test='current()'/>", "current")]
    [InlineData("<sch:assert id='A' role='critical' test='true()'/>", "'critical' is not a severity")]
    [InlineData("<sch:assert id='A' test='true()'><sch:value-of select='x:y'/></sch:assert>", "sch:value-of")]
    [InlineData("<sch:assert id='A' test='true()'><b>bold</b></sch:assert>", "inside a message is not supported")]
    [InlineData("<sch:let name='v'>1</sch:let>", "needs a value attribute")]
    [InlineData("<sch:let name='v' value='1'/><sch:let name='v' value='2'/>", "declared twice")]
    public void Broken_checks_are_refused(string checks, string reason)
    {
        var e = Assert.Throws<CatalogueException>(() => _files.Load(Rule(checks)));

        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_that_is_no_pattern_is_refused()
    {
        var e = Assert.Throws<CatalogueException>(() => _files.Load(Rule("<sch:assert id='A' test='true()'/>", context: "i:Line[")));

        Assert.Contains("rule context 'i:Line['", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_schematron_is_refused()
    {
        var e = Assert.Throws<CatalogueException>(() => _files.Load("<schema/>"));

        Assert.Contains("not sch:schema", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.sch")]
    [InlineData("../Other/rules.sch")]
    public void A_rule_file_outside_the_folder_is_refused(string relativePath)
    {
        _files.Write("outside.sch", RuleFiles.Schema(""));
        _files.Write("Other/rules.sch", RuleFiles.Schema(""));

        var e = Assert.Throws<CatalogueException>(() => BusinessRules.Load(_files.Folder, relativePath));

        Assert.Contains("refused", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_rule_file_is_refused()
    {
        var e = Assert.Throws<CatalogueException>(() => BusinessRules.Load(_files.Folder, "rules/none.sch"));

        Assert.Contains("rules/none.sch", e.Reason, StringComparison.Ordinal);
    }
}
