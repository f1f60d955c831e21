using System.Xml;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Tests.Processing;

public sealed class LocalSchemaResolverTests : IDisposable
{
    private readonly TempCatalogue _catalogue = new();

    public void Dispose() => _catalogue.Dispose();

    [Fact]
    public void Opens_a_file_inside_the_folder()
    {
        var path = _catalogue.Write("Test/schemas/a.xsd", "<a/>");
        var resolver = new LocalSchemaResolver(Path.Combine(_catalogue.Root, "Test"));

        using var stream = Assert.IsType<Stream>(resolver.GetEntity(new Uri(path), null, typeof(Stream)), exactMatch: false);

        Assert.Equal(4, stream.Length);
    }

    [Fact]
    public void Resolves_relative_locations_against_the_including_schema()
    {
        var including = _catalogue.Write("Test/schemas/a.xsd", "<a/>");
        var resolver = new LocalSchemaResolver(Path.Combine(_catalogue.Root, "Test"));

        var uri = resolver.ResolveUri(new Uri(including), "common/b.xsd");

        Assert.Equal(Path.Combine(_catalogue.Root, "Test", "schemas", "common", "b.xsd"), uri.LocalPath);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/a.xsd")]
    [InlineData("https://example.org/a.xsd")]
    [InlineData("ftp://example.org/a.xsd")]
    [InlineData("urn:example:a")]
    public void Refuses_every_scheme_but_file(string location)
    {
        var resolver = new LocalSchemaResolver(_catalogue.Root);

        var e = Assert.Throws<XmlException>(() => resolver.GetEntity(new Uri(location), null, typeof(Stream)));

        Assert.Contains("refused", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.xsd")]
    [InlineData("../Test2/a.xsd")]
    [InlineData("schemas/../../outside.xsd")]
    public void Refuses_files_outside_the_folder(string relative)
    {
        _catalogue.Write("outside.xsd", "<a/>");
        _catalogue.Write("Test2/a.xsd", "<a/>");
        var folder = Path.Combine(_catalogue.Root, "Test");
        var resolver = new LocalSchemaResolver(folder);

        var e = Assert.Throws<XmlException>(() =>
            resolver.GetEntity(new Uri(new Uri(Path.Combine(folder, "x.xsd")), relative), null, typeof(Stream)));

        Assert.Contains("refused", e.Message, StringComparison.Ordinal);
    }
}
