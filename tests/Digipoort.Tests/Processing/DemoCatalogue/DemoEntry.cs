using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Tests.Processing.Demo;

/// <summary>
/// One berichtsoort folder of the demo catalogue (as copied to the test output), loaded the way the
/// catalogue loads it: its manifest, its compiled schemas and its business rules.
/// </summary>
internal sealed class DemoEntry
{
    private static readonly Dictionary<string, Lazy<DemoEntry>> Entries = new()
    {
        ["Factuur"] = new(() => new DemoEntry("Factuur")),
        ["Factuurbatch"] = new(() => new DemoEntry("Factuurbatch")),
        ["Jaarverantwoording"] = new(() => new DemoEntry("Jaarverantwoording")),
    };

    private DemoEntry(string name)
    {
        Folder = Path.Combine(DemoCatalogue.Root, name);
        Manifest = CatalogueManifest.Read(Folder);
        var schemas = CatalogueSchemas.Compile(Folder, Manifest.Schemas);
        Type = new MessageType(Manifest.Berichtsoort, Manifest.Description, Manifest.Version, [.. Manifest.Recipients ?? []], schemas)
        {
            Roots = DocumentRoots.Resolve(Folder, Manifest.Roots, Manifest.Schemas, schemas),
        };
        Rules = BusinessRules.Load(Folder, Assert.Single(Manifest.Rules!), Manifest.Namespaces);
    }

    public static DemoEntry Factuur => Entries["Factuur"].Value;
    public static DemoEntry Factuurbatch => Entries["Factuurbatch"].Value;
    public static DemoEntry Jaarverantwoording => Entries["Jaarverantwoording"].Value;

    public string Folder { get; }
    public CatalogueManifest Manifest { get; }
    public MessageType Type { get; }
    public BusinessRules Rules { get; }

    public string SamplePath(string fileName) => Path.Combine(Folder, "samples", fileName);

    public IEnumerable<string> Samples(string pattern) =>
        Directory.GetFiles(Path.Combine(Folder, "samples"), pattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>Schema validation, then (as the gateway does) the business rules only for a schema-valid document.</summary>
    public (ValidationReport Schema, IReadOnlyList<RuleViolation> Rules) Check(string sampleFileName) => Check(File.ReadAllBytes(SamplePath(sampleFileName)));

    public (ValidationReport Schema, IReadOnlyList<RuleViolation> Rules) Check(byte[] document)
    {
        var schema = SchemaValidator.Validate(Type, new MemoryStream(document));
        if (!schema.IsValid)
            return (schema, []);
        var navigator = BusinessRules.LoadDocument(new MemoryStream(document)).CreateNavigator();
        return (schema, Rules.Evaluate(navigator, CancellationToken.None));
    }
}
