using BenchmarkDotNet.Attributes;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Microbench.Processing;

/// <summary>
/// Validating the published 17 KB NLCIUS invoice SI-UBL-2.0_ok_full.xml as the gateway does with SI-UBL 2.0 installed as
/// published: the official OASIS UBL 2.1 schemas (streaming), then the official SI-UBL 2.0 Schematron with the CEN
/// EN 16931 rules (1,000+ asserts, XPath 2.0) over an XPathDocument. One operation = one document on one core;
/// validations/s = 1 / mean. The standards files are read from shared/reference/standards next to the repository
/// (or DIGIPOORT_STANDARDS) and installed into a temporary entry, as an operator would.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SiUblValidationBenchmarks
{
    private string _folder = null!;
    private MessageType _type = null!;
    private byte[] _invoice = null!;

    [GlobalSetup]
    public void Setup()
    {
        var standards = Standards();
        _folder = Path.Combine(Directory.CreateTempSubdirectory("digipoort-bench-").FullName, "SiUbl");
        Copy(Path.Combine(standards, "ubl-2.1", "xsdrt"), Path.Combine(_folder, "ubl-2.1"));
        Copy(Path.Combine(standards, "si-ubl-2.0", "schematron"), Path.Combine(_folder, "si-ubl-2.0"));
        File.WriteAllText(Path.Combine(_folder, "manifest.json"), """
            {
              "berichtsoort": "SI-UBL-2.0", "description": "NLCIUS", "version": "2.0.3.12",
              "schemas": ["ubl-2.1/maindoc/UBL-Invoice-2.1.xsd", "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd"],
              "rules": ["si-ubl-2.0/si-ubl-2.0.sch"], "recipients": ["ontvanger"]
            }
            """);
        _type = FolderMessageTypeCatalogue.Load(Path.GetDirectoryName(_folder)!).All.Single();
        _invoice = File.ReadAllBytes(Path.Combine(standards, "si-ubl-2.0", "testfiles", "SI-UBL-2.0_ok_full.xml"));
        if (!SchemaAndRules())
            throw new InvalidOperationException("The published ok_full invoice does not validate.");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Benchmark]
    public bool SchemaOnly() => SchemaValidator.Validate(_type, new MemoryStream(_invoice, writable: false)).IsValid;

    [Benchmark(Baseline = true)]
    public bool SchemaAndRules()
    {
        if (!SchemaValidator.Validate(_type, new MemoryStream(_invoice, writable: false)).IsValid)
            return false;
        var document = BusinessRules.LoadDocument(new MemoryStream(_invoice, writable: false)).CreateNavigator();
        return _type.Rules.All(rules => rules.Evaluate(document, CancellationToken.None).All(v => v.Severity == RuleSeverity.Warning));
    }

    private static string Standards()
    {
        if (Environment.GetEnvironmentVariable("DIGIPOORT_STANDARDS") is { Length: > 0 } configured)
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "standards");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException("shared/reference/standards not found; set DIGIPOORT_STANDARDS.");
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
