using System.Text;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Transformation;

namespace Digipoort.Tests.Processing.Transformation;

public sealed class DocumentTransformTests : IDisposable
{
    private const string Input = "<Invoice xmlns='urn:test:invoice'><Id>F-1</Id><Total>12.50</Total></Invoice>";

    private readonly TempCatalogue _catalogue = new();

    private string Folder => Path.Combine(_catalogue.Root, "Test");

    public void Dispose() => _catalogue.Dispose();

    private static string Stylesheet(string body, string extraNamespaces = "") => $"""
        <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:i="urn:test:invoice" {extraNamespaces}>
          <xsl:output method="text"/>
          {body}
        </xsl:stylesheet>
        """;

    private DocumentTransform Load(string stylesheet, string path = "transforms/t.xsl")
    {
        _catalogue.Write(Path.Combine("Test", path), stylesheet);
        return DocumentTransform.Load(Folder, path);
    }

    private static string Apply(DocumentTransform transform, string input = Input, CancellationToken ct = default)
    {
        using var output = new MemoryStream();
        transform.Apply(DemoCatalogue.Utf8(input), output, ct);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Transforms_a_document_with_a_stylesheet_that_includes_another_in_the_folder()
    {
        _catalogue.Write("Test/transforms/common/total.xsl", """
            <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:i="urn:test:invoice">
              <xsl:template name="total"><xsl:value-of select="/i:Invoice/i:Total"/></xsl:template>
            </xsl:stylesheet>
            """);
        var transform = Load(Stylesheet("""
            <xsl:include href="common/total.xsl"/>
            <xsl:template match="/"><xsl:value-of select="i:Invoice/i:Id"/>=<xsl:call-template name="total"/></xsl:template>
            """));

        Assert.Equal("transforms/t.xsl", transform.Source);
        Assert.Equal("F-1=12.50", Apply(transform));
    }

    [Fact]
    public void A_document_already_loaded_as_a_tree_transforms_the_same_as_its_stream()
    {
        var transform = Load(Stylesheet("""<xsl:template match="/"><xsl:value-of select="i:Invoice/i:Id"/>=<xsl:value-of select="i:Invoice/i:Total"/></xsl:template>"""));
        var tree = new System.Xml.XPath.XPathDocument(new StringReader(Input)).CreateNavigator();
        using var output = new MemoryStream();

        transform.Apply(tree, output, CancellationToken.None);

        Assert.Equal(Apply(transform), Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void One_transform_serves_many_threads()
    {
        var transform = Load(Stylesheet("""<xsl:template match="/"><xsl:value-of select="i:Invoice/i:Id"/></xsl:template>"""));
        var outputs = new string[200];

        Parallel.For(0, outputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => outputs[i] = Apply(transform, Input.Replace("F-1", $"F-{i}", StringComparison.Ordinal)));

        Assert.Equal(Enumerable.Range(0, outputs.Length).Select(i => $"F-{i}"), outputs);
    }

    [Theory]
    [InlineData("../../outside.xsl")]
    [InlineData("../../Other/t.xsl")]
    [InlineData("http://127.0.0.1:1/remote.xsl")]
    public void An_include_outside_the_folder_is_refused_at_load(string href)
    {
        _catalogue.Write("outside.xsl", Stylesheet(""));
        _catalogue.Write("Other/t.xsl", Stylesheet(""));

        var e = Assert.Throws<CatalogueException>(() => Load(Stylesheet($"<xsl:include href=\"{href}\"/>")));

        Assert.Contains("refused", e.Reason, StringComparison.Ordinal);
        Assert.Contains("transforms/t.xsl", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stylesheet_path_outside_the_folder_is_refused()
    {
        _catalogue.Write("outside.xsl", Stylesheet(""));

        var e = Assert.Throws<CatalogueException>(() => DocumentTransform.Load(Folder, "../outside.xsl"));

        Assert.Contains("refused", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_is_refused_at_load_even_in_an_included_stylesheet()
    {
        const string script = """
            <msxsl:script language="C#" implements-prefix="user">public string Run() { return System.Environment.MachineName; }</msxsl:script>
            <xsl:template match="/"><xsl:value-of select="user:Run()"/></xsl:template>
            """;
        const string namespaces = "xmlns:msxsl='urn:schemas-microsoft-com:xslt' xmlns:user='urn:user'";
        _catalogue.Write("Test/transforms/scripted.xsl", Stylesheet(script, namespaces));

        var direct = Assert.Throws<CatalogueException>(() => Load(Stylesheet(script, namespaces)));
        var included = Assert.Throws<CatalogueException>(() => Load(Stylesheet("<xsl:include href='scripted.xsl'/>")));

        Assert.Contains("scripts are not allowed", direct.Reason, StringComparison.Ordinal);
        Assert.Contains("scripts are not allowed", included.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_document_function_is_disabled()
    {
        var secret = _catalogue.Write("Test/transforms/secret.xml", "<secret>do not read</secret>");
        var transform = Load(Stylesheet($"""<xsl:template match="/"><xsl:value-of select="document('{new Uri(secret)}')"/></xsl:template>"""));

        var e = Assert.Throws<TransformationException>(() => Apply(transform));

        Assert.Contains("document()", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminating_message_fails_the_transformation_with_its_text()
    {
        var transform = Load(Stylesheet("""
            <xsl:template match="/"><xsl:message terminate="yes">No total in <xsl:value-of select="i:Invoice/i:Id"/></xsl:message></xsl:template>
            """));

        var e = Assert.Throws<TransformationException>(() => Apply(transform));

        Assert.Contains("No total in F-1", e.Message, StringComparison.Ordinal);
        Assert.Contains("transforms/t.xsl", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<Invoice>")]
    [InlineData("<!DOCTYPE Invoice [<!ENTITY x 'y'>]><Invoice>&x;</Invoice>")]
    public void Malformed_input_or_a_DTD_fails_the_transformation(string input)
    {
        var transform = Load(Stylesheet("""<xsl:template match="/">ok</xsl:template>"""));

        Assert.Throws<TransformationException>(() => Apply(transform, input));
    }

    [Fact]
    public void A_stylesheet_that_does_not_compile_is_refused_with_the_reason()
    {
        var e = Assert.Throws<CatalogueException>(() => Load(Stylesheet("""<xsl:template match="/"><xsl:value-of select="i:Id["/></xsl:template>""")));

        Assert.Contains("could not be loaded", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_transformation_stops()
    {
        var transform = Load(Stylesheet("""<xsl:template match="/">ok</xsl:template>"""));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => Apply(transform, ct: cancelled.Token));
    }
}
