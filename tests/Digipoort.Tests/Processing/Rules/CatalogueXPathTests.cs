using System.Xml.XPath;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Tests.Processing.Rules;

public sealed class CatalogueXPathTests
{
    private static readonly Dictionary<string, string> Prefixes = new() { ["inv"] = "urn:test:invoice" };

    private static XPathExpression Compile(string expression) =>
        CatalogueXPath.Compile(expression, CatalogueXPath.Namespaces(Prefixes), "Factuur", "routes[0].select");

    [Fact]
    public void Compiles_an_expression_with_declared_prefixes_and_evaluates_it()
    {
        var expression = Compile("/inv:Invoice/inv:Buyer");
        var document = new XPathDocument(new StringReader("<Invoice xmlns='urn:test:invoice'><Buyer>42</Buyer></Invoice>"));

        Assert.Equal("42", document.CreateNavigator().SelectSingleNode(expression)?.Value);
    }

    [Theory]
    [InlineData("/inv:Invoice[", "not a usable XPath")]
    [InlineData("/cbc:ID", "cbc")]
    [InlineData("foo(1)", "foo")]
    [InlineData("$buyer", "buyer")]
    [InlineData("  ", "empty")]
    public void Refuses_an_unusable_expression_at_compile_time_naming_where_it_is(string expression, string mentioned)
    {
        var e = Assert.Throws<CatalogueException>(() => Compile(expression));

        Assert.Equal("Factuur", e.Folder);
        Assert.StartsWith("routes[0].select: ", e.Reason, StringComparison.Ordinal);
        Assert.Contains(mentioned, e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Namespaces_without_prefixes_is_an_empty_context()
    {
        var namespaces = CatalogueXPath.Namespaces(null);

        Assert.Null(namespaces.LookupNamespace("inv"));
        Assert.Throws<CatalogueException>(() => CatalogueXPath.Compile("/inv:Invoice", namespaces, "F", "here"));
    }
}
