using System.Text;
using System.Xml;
using System.Xml.XPath;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Actors.Storage;

namespace Digipoort.Actors.Processing.Splitting;

/// <summary>
/// Cuts a batch into standalone item documents while streaming over it: each item is copied out (with
/// the namespace declarations in scope, so it stands alone), stored as its own blob and forgotten. Only
/// the items' addresses and sort keys are kept, never their content, so memory does not grow with the
/// size of the items. The index of the items, in delivery order, is stored as a blob too.
/// </summary>
public sealed class BatchSplitter(IBlobStore blobs, BatchLimits limits)
{
    private static readonly XmlWriterSettings ItemWriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        CloseOutput = false,
        NamespaceHandling = NamespaceHandling.OmitDuplicates,
    };

    public async Task<SplitOutcome> SplitAsync(Stream batch, BatchSpec spec, CancellationToken ct)
    {
        var items = new List<(string SortKey, int Position, BlobRef Item)>();
        // Each stored item is fsynced; storing several at once lets the file system commit them together,
        // while reading stays one forward pass. At most this many items are in memory at a time.
        using var storing = new SemaphoreSlim(limits.StoreParallelism);
        var stores = new List<Task>();
        using var reader = XmlReader.Create(batch, SafeXml.CreateReaderSettings());
        var matched = 0; // how many leading steps of the path the current ancestors match
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == matched && matched < spec.Items.Length
                && spec.Items.StepMatches(matched, reader.LocalName, reader.NamespaceURI))
            {
                if (matched == spec.Items.Length - 1)
                {
                    if (items.Count >= limits.MaxItems)
                        return new SplitOutcome.TooLarge($"The batch holds more than {limits.MaxItems:N0} items.");
                    var (line, position) = XmlFindings.PositionOf(reader);
                    var item = CopyItem(reader);
                    if (item.Length > limits.MaxItemBytes)
                    {
                        await item.DisposeAsync();
                        await Task.WhenAll(stores);
                        return new SplitOutcome.TooLarge(
                            $"Item {items.Count + 1} (line {line}, position {position}) is larger than {limits.MaxItemBytes:N0} bytes.");
                    }
                    var sortKey = spec.SortKey is { } key ? SortKeyOf(item, key) : "";
                    var slot = items.Count;
                    lock (items) items.Add((sortKey, slot, null!));
                    await storing.WaitAsync(ct);
                    stores.Add(StoreAsync(item, slot, items, storing, ct));
                    continue; // CopyItem left the reader on the node after the item
                }
                matched++;
                if (reader.IsEmptyElement) matched--;
                reader.Read();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.Depth == matched)
            {
                reader.Skip(); // not on the path: nothing below it can be an item
            }
            else
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == matched - 1) matched--;
                reader.Read();
            }
            ct.ThrowIfCancellationRequested(); // a volatile read: cheap enough for every node
        }

        await Task.WhenAll(stores);

        // Stable: items with equal keys keep their order in the batch.
        var ordered = spec.Ordered
            ? items.OrderBy(i => i.SortKey, StringComparer.Ordinal).ThenBy(i => i.Position).Select(i => i.Item)
            : items.Select(i => i.Item);
        using var index = new MemoryStream(items.Count * BatchIndex.RecordLength);
        BatchIndex.Write(index, ordered);
        index.Position = 0;
        await using var stagedIndex = await blobs.StageAsync(index, long.MaxValue, ct);
        return new SplitOutcome.Split(items.Count, await stagedIndex.CommitAsync(ct));
    }

    private async Task StoreAsync(MemoryStream item, int slot, List<(string SortKey, int Position, BlobRef Item)> items,
        SemaphoreSlim storing, CancellationToken ct)
    {
        try
        {
            await using (item)
            {
                item.Position = 0;
                await using var staged = await blobs.StageAsync(item, limits.MaxItemBytes, ct);
                var stored = await staged.CommitAsync(ct);
                lock (items) items[slot] = (items[slot].SortKey, slot, stored);
            }
        }
        finally
        {
            storing.Release();
        }
    }

    /// <summary>
    /// Copies the item the reader is on into a standalone document and leaves the reader after it. Every
    /// namespace in scope is declared on the item's root: prefixes may also be used inside values
    /// (e.g. <c>xsi:type</c>), where a writer cannot see that they are needed.
    /// </summary>
    private static MemoryStream CopyItem(XmlReader reader)
    {
        var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, ItemWriterSettings))
        {
            writer.WriteStartDocument();
            var inScope = ((IXmlNamespaceResolver)reader).GetNamespacesInScope(XmlNamespaceScope.ExcludeXml);
            writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
            foreach (var (prefix, uri) in inScope)
            {
                if (prefix.Length == 0) writer.WriteAttributeString("xmlns", uri);
                else writer.WriteAttributeString("xmlns", prefix, XmlnsNamespace, uri);
            }
            if (reader.MoveToFirstAttribute())
            {
                do
                {
                    if (reader.NamespaceURI != XmlnsNamespace)
                        writer.WriteAttributeString(reader.Prefix, reader.LocalName, reader.NamespaceURI, reader.Value);
                }
                while (reader.MoveToNextAttribute());
                reader.MoveToElement();
            }

            var depth = reader.Depth;
            var empty = reader.IsEmptyElement;
            reader.Read();
            if (!empty)
            {
                while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                    writer.WriteNode(reader, defattr: true); // writes one node (with its subtree) and moves past it
                reader.Read();
            }
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        return output;
    }

    private static string SortKeyOf(MemoryStream item, XPathExpression key)
    {
        item.Position = 0;
        using var reader = XmlReader.Create(item, SafeXml.CreateReaderSettings());
        var navigator = new XPathDocument(reader).CreateNavigator();
        navigator.MoveToChild(XPathNodeType.Element);
        var value = navigator.Evaluate(key.Clone());
        return value switch
        {
            XPathNodeIterator nodes => nodes.MoveNext() ? nodes.Current!.Value : "",
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
    }

    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
}

/// <summary>Bounds on a batch: how many items, and how large one item may be.</summary>
/// <param name="StoreParallelism">Items stored at once while cutting (each holds its item in memory until stored).</param>
public sealed record BatchLimits(int MaxItems, long MaxItemBytes, int StoreParallelism = 16)
{
    public static readonly BatchLimits Default = new(MaxItems: 100_000, MaxItemBytes: 50L * 1024 * 1024);
}

/// <summary>The result of cutting a batch.</summary>
public abstract record SplitOutcome
{
    private SplitOutcome() { }

    public sealed record Split(int Items, BlobRef Index) : SplitOutcome;

    /// <summary>The batch breaks a limit: it is refused as a whole.</summary>
    public sealed record TooLarge(string Detail) : SplitOutcome;
}
