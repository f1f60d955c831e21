using System.Text;
using System.Xml.Linq;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Splitting;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Processing.Splitting;

public sealed class BatchSplitterTests : IDisposable
{
    private const string Batch = """
        <?xml version="1.0" encoding="UTF-8"?>
        <b:Batch xmlns:b="urn:test:batch" xmlns:i="urn:test:item" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <b:Header><i:Item><i:Id>not-an-item</i:Id></i:Item></b:Header>
          <b:Items>
            <i:Item code="c"><i:Id>3</i:Id><i:Amount xsi:type="i:Money">30</i:Amount></i:Item>
            <i:Item><i:Id>1</i:Id></i:Item>
            <i:Item/>
            <i:Item><i:Id>2</i:Id><!-- a comment --></i:Item>
          </b:Items>
        </b:Batch>
        """;

    private readonly TempDirectory _root = new();
    private readonly FileBlobStore _blobs;

    public BatchSplitterTests() => _blobs = new FileBlobStore(_root.Path, BlobKeyRing.Generate());

    [Fact]
    public async Task Each_item_on_the_path_becomes_a_standalone_document_in_batch_order()
    {
        var outcome = Assert.IsType<SplitOutcome.Split>(await Split(Batch, sortKey: null));

        var items = await ReadItems(outcome);
        Assert.Equal(4, items.Count);
        Assert.Equal(["3", "1", "", "2"], items.Select(i => i.Root!.Value.Length == 0 ? "" : i.Root.Elements().First().Value));
        // The namespace used only inside a value (xsi:type="i:Money") is declared on the item itself.
        var first = items[0].Root!;
        Assert.Equal("urn:test:item", first.GetNamespaceOfPrefix("i")?.NamespaceName);
        Assert.Equal("c", first.Attribute("code")?.Value);
        Assert.Equal("i:Money", first.Elements().Last().Attribute(XName.Get("type", "http://www.w3.org/2001/XMLSchema-instance"))?.Value);
    }

    [Fact]
    public async Task A_sort_key_orders_the_items_and_keeps_equal_keys_in_batch_order()
    {
        var outcome = Assert.IsType<SplitOutcome.Split>(await Split(Batch, sortKey: "string(i:Id)"));

        var items = await ReadItems(outcome);
        Assert.Equal(["", "1", "2", "3"], items.Select(i => (string?)i.Root!.Elements().FirstOrDefault() ?? ""));
    }

    [Fact]
    public async Task A_batch_with_more_items_than_the_limit_is_refused_as_a_whole()
    {
        var outcome = await Split(Batch, sortKey: null, new BatchLimits(MaxItems: 3, MaxItemBytes: 1024));

        Assert.Contains("more than 3 items", Assert.IsType<SplitOutcome.TooLarge>(outcome).Detail);
    }

    [Fact]
    public async Task An_item_larger_than_the_limit_is_refused_with_its_position()
    {
        var outcome = await Split(Batch, sortKey: null, new BatchLimits(MaxItems: 10, MaxItemBytes: 200));

        Assert.Contains("Item 1 (line 5,", Assert.IsType<SplitOutcome.TooLarge>(outcome).Detail);
    }

    [Theory]
    [InlineData("b:Batch/b:Items/i:Item", "absolute path")]
    [InlineData("/b:Batch//i:Item", "is not an element name")]
    [InlineData("/b:Batch/*", "is not an element name")]
    [InlineData("/b:Batch/b:Items/i:Item[1]", "is not an element name")]
    [InlineData("/b:Batch/x:Item", "prefix 'x' is not declared")]
    public void An_item_path_that_cannot_be_followed_while_streaming_is_refused(string path, string problem)
    {
        Assert.Null(ItemPath.TryParse(path, Namespaces(), out var reason));
        Assert.Contains(problem, reason);
    }

    private async Task<SplitOutcome> Split(string batch, string? sortKey, BatchLimits? limits = null)
    {
        var namespaces = Namespaces();
        var spec = new BatchSpec(ItemPath.TryParse("/b:Batch/b:Items/i:Item", namespaces, out _)!, "Item",
            sortKey is null ? null : CatalogueXPath.Compile(sortKey, namespaces, _root.Path, "sortKey"));
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(batch));
        return await new BatchSplitter(_blobs, limits ?? BatchLimits.Default).SplitAsync(input, spec, CancellationToken.None);
    }

    private async Task<List<XDocument>> ReadItems(SplitOutcome.Split split)
    {
        var documents = new List<XDocument>();
        await using var index = _blobs.OpenRead(split.Index);
        await foreach (var (_, item) in BatchIndex.ReadAsync(index, 0, split.Items))
        {
            await using var content = _blobs.OpenRead(item);
            documents.Add(XDocument.Load(content));
        }
        return documents;
    }

    private static System.Xml.XmlNamespaceManager Namespaces() =>
        CatalogueXPath.Namespaces(new Dictionary<string, string> { ["b"] = "urn:test:batch", ["i"] = "urn:test:item" });

    public void Dispose() => _root.Dispose();
}
