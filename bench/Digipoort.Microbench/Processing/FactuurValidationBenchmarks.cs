using BenchmarkDotNet.Attributes;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Microbench.Processing;

/// <summary>
/// Validating the ~12 KB demo invoice (factuur-utrecht-valid.xml) as the gateway does: schema (streaming),
/// then the business rules over an XPathDocument. One operation = one document; validations/s = 1 / mean.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FactuurValidationBenchmarks
{
    private MessageType _type = null!;
    private BusinessRules _rules = null!;
    private byte[] _invoice = null!;

    [GlobalSetup]
    public void Setup()
    {
        _type = DemoCatalogueFolder.Type("Factuur");
        _rules = BusinessRules.Load(DemoCatalogueFolder.Entry("Factuur"), "rules/factuur.sch");
        _invoice = DemoCatalogueFolder.Sample("Factuur", "factuur-utrecht-valid.xml");
        if (!SchemaAndRules())
            throw new InvalidOperationException("The sample invoice does not validate.");
    }

    [Benchmark]
    public bool SchemaOnly() => SchemaValidator.Validate(_type, new MemoryStream(_invoice, writable: false)).IsValid;

    [Benchmark]
    public int RulesOnly()
    {
        var document = BusinessRules.LoadDocument(new MemoryStream(_invoice, writable: false));
        return _rules.Evaluate(document.CreateNavigator(), CancellationToken.None).Count;
    }

    [Benchmark(Baseline = true)]
    public bool SchemaAndRules()
    {
        if (!SchemaValidator.Validate(_type, new MemoryStream(_invoice, writable: false)).IsValid)
            return false;
        var document = BusinessRules.LoadDocument(new MemoryStream(_invoice, writable: false));
        return _rules.Evaluate(document.CreateNavigator(), CancellationToken.None).Count == 0;
    }
}
