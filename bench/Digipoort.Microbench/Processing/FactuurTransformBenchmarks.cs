using BenchmarkDotNet.Attributes;
using Digipoort.Actors.Processing.Transformation;

namespace Digipoort.Microbench.Processing;

/// <summary>The CBS summary (XSLT 1.0 → JSON) of the ~12 KB demo invoice; transforms/s = 1 / mean.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class FactuurTransformBenchmarks
{
    private DocumentTransform _transform = null!;
    private byte[] _invoice = null!;
    private readonly MemoryStream _output = new();

    [GlobalSetup]
    public void Setup()
    {
        _transform = DocumentTransform.Load(DemoCatalogueFolder.Entry("Factuur"), "transforms/factuur-samenvatting.xsl");
        _invoice = DemoCatalogueFolder.Sample("Factuur", "factuur-utrecht-valid.xml");
    }

    [Benchmark]
    public long Summary()
    {
        _output.SetLength(0);
        _transform.Apply(new MemoryStream(_invoice, writable: false), _output, CancellationToken.None);
        return _output.Length;
    }
}
