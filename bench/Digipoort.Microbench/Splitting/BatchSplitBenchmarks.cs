using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Splitting;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;

namespace Digipoort.Microbench.Splitting;

/// <summary>
/// Cutting a batch of 10,000 invoice-sized items (about 1 KB each) into blobs, as the gateway does: streaming,
/// each item encrypted, fsynced and renamed into the store. Reports items/s through the mean and, through
/// the memory diagnoser, that allocation per item stays small and nothing survives to gen 2.
/// </summary>
[MemoryDiagnoser]
public class BatchSplitBenchmarks
{
    private const int Items = 10_000;
    private string _root = "";
    private string _batch = "";
    private BatchSpec _spec = null!;

    [Params(false, true)]
    public bool Sorted { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("digipoort-split-bench-").FullName;
        _batch = Path.Combine(_root, "batch.xml");
        using (var writer = new StreamWriter(_batch, false, new UTF8Encoding(false)))
        {
            writer.Write("""<b:Batch xmlns:b="urn:bench:batch" xmlns:i="urn:bench:item">""");
            for (var n = 0; n < Items; n++)
                writer.Write($"""<i:Invoice><i:Id>{(n * 7919) % Items:D6}</i:Id><i:Buyer>00000001002220647000</i:Buyer>{string.Concat(Enumerable.Repeat("<i:Line amount=\"12.50\" description=\"Consultancy services, hourly rate\"/>", 12))}</i:Invoice>""");
            writer.Write("</b:Batch>");
        }
        var namespaces = CatalogueXPath.Namespaces(new Dictionary<string, string> { ["b"] = "urn:bench:batch", ["i"] = "urn:bench:item" });
        _spec = new BatchSpec(ItemPath.TryParse("/b:Batch/i:Invoice", namespaces, out _)!, "Invoice",
            Sorted ? CatalogueXPath.Compile("string(i:Id)", namespaces, _root, "sortKey") : null);
    }

    [Benchmark(Description = "split 10,000 items into the blob store")]
    public async Task<int> Split()
    {
        var store = Path.Combine(_root, "blobs-" + Guid.NewGuid().ToString("N"));
        var blobs = new FileBlobStore(store, BlobKeyRing.Generate());
        await using var input = File.OpenRead(_batch);
        var outcome = (SplitOutcome.Split)await new BatchSplitter(blobs, BatchLimits.Default).SplitAsync(input, _spec, CancellationToken.None);
        Directory.Delete(store, recursive: true);
        return outcome.Items;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // The peak of the whole benchmark process, for the results file; BenchmarkDotNet prints it in its log.
        Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB, " +
                          $"batch file {new FileInfo(_batch).Length / (1024 * 1024.0):F1} MiB");
        Directory.Delete(_root, recursive: true);
    }
}
