using BenchmarkDotNet.Attributes;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Tests.Processing.Demo;

namespace Digipoort.Microbench.Processing;

/// <summary>
/// Schema validation of a ~50 MB Factuurbatch (generated once, read from a file each time): MB/s = size /
/// mean. The allocated bytes per operation show that validation streams: they stay far below the document size.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LargeDocumentValidationBenchmarks
{
    private const long TargetBytes = 50L * 1024 * 1024;

    private MessageType _type = null!;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        _type = DemoCatalogueFolder.Type("Factuurbatch");
        _path = Path.Combine(Path.GetTempPath(), $"digipoort-bench-factuurbatch-{Environment.ProcessId}.xml");
        using (var file = File.Create(_path))
            FactuurbatchGenerator.Write(file, FactuurbatchGenerator.ItemsFor(TargetBytes));
        Console.WriteLine($"// Factuurbatch document: {new FileInfo(_path).Length} bytes");
        if (!Validate())
            throw new InvalidOperationException("The generated batch does not validate.");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public bool Validate()
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        return SchemaValidator.Validate(_type, stream).IsValid;
    }
}
