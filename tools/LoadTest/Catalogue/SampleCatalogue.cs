using System.Text.Json;
using Digipoort.LoadTest.Machine;

namespace Digipoort.LoadTest.Catalogue;

/// <summary>One sample document of a berichtsoort and what the gateway should make of it.</summary>
/// <param name="ExpectValid">From the file name: <c>*-valid.xml</c> should be delivered, <c>*-invalid*.xml</c> should not.</param>
public sealed record CatalogueSample(string Berichtsoort, string FileName, bool ExpectValid, byte[] Content);

/// <summary>A berichtsoort of the catalogue with its samples and the recipients its manifest names.</summary>
public sealed record BerichtsoortSamples(string Berichtsoort, IReadOnlyList<CatalogueSample> Valid, IReadOnlyList<CatalogueSample> Invalid,
    IReadOnlyList<string> Recipients);

/// <summary>
/// The message types to send, discovered from a catalogue folder (one sub-folder per berichtsoort with a
/// <c>manifest.json</c> and <c>samples/</c>): nothing about the berichtsoorten is written into the tool, so
/// entries added to the catalogue are picked up as they come. Only berichtsoorten with at least one valid
/// sample are used; invalid samples are optional.
/// </summary>
public sealed class SampleCatalogue(IReadOnlyList<BerichtsoortSamples> types)
{
    public IReadOnlyList<BerichtsoortSamples> Types => types;

    /// <summary>Every recipient id the manifests name (recipients, per-recipient deliveries, route values).</summary>
    public IReadOnlyList<string> RecipientIds => [.. types.SelectMany(t => t.Recipients).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <param name="only">Berichtsoorten to keep (none: all); an unknown one is an error.</param>
    public static SampleCatalogue Discover(string folder, IReadOnlyCollection<string> only)
    {
        if (!Directory.Exists(folder)) throw new LoadTestException($"Catalogue folder not found: {folder}");
        var types = new List<BerichtsoortSamples>();
        foreach (var entry in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var manifest = Path.Combine(entry, "manifest.json");
            var samples = Path.Combine(entry, "samples");
            if (!File.Exists(manifest) || !Directory.Exists(samples)) continue;
            var (berichtsoort, recipients) = ReadManifest(manifest);
            if (only.Count > 0 && !only.Contains(berichtsoort, StringComparer.Ordinal)) continue;

            var valid = Samples(samples, "*-valid.xml", berichtsoort, expectValid: true);
            var invalid = Samples(samples, "*-invalid*.xml", berichtsoort, expectValid: false);
            if (valid.Count > 0) types.Add(new BerichtsoortSamples(berichtsoort, valid, invalid, recipients));
        }
        var missing = only.Where(b => !types.Exists(t => t.Berichtsoort == b)).ToList();
        if (missing.Count > 0) throw new LoadTestException($"No berichtsoort with a valid sample in {folder} for: {string.Join(", ", missing)}");
        if (types.Count == 0) throw new LoadTestException($"No berichtsoort with a *-valid.xml sample in {folder}");
        return new SampleCatalogue(types);
    }

    private static List<CatalogueSample> Samples(string folder, string pattern, string berichtsoort, bool expectValid) =>
        [.. Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal)
            .Select(f => new CatalogueSample(berichtsoort, Path.GetFileName(f), expectValid, File.ReadAllBytes(f)))];

    /// <summary>The berichtsoort and the recipient ids a manifest names; only the fields the tool needs are read.</summary>
    private static (string Berichtsoort, IReadOnlyList<string> Recipients) ReadManifest(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var berichtsoort = root.GetProperty("berichtsoort").GetString()
                ?? throw new LoadTestException($"{path} has no berichtsoort.");
            var recipients = new List<string>();
            if (root.TryGetProperty("recipients", out var list) && list.ValueKind == JsonValueKind.Array)
                recipients.AddRange(list.EnumerateArray().Select(r => r.GetString()).OfType<string>());
            if (root.TryGetProperty("deliveries", out var deliveries) && deliveries.ValueKind == JsonValueKind.Object)
                recipients.AddRange(deliveries.EnumerateObject().Select(d => d.Name));
            if (root.TryGetProperty("routes", out var routes) && routes.ValueKind == JsonValueKind.Array)
                recipients.AddRange(routes.EnumerateArray()
                    .Where(r => r.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object)
                    .SelectMany(r => r.GetProperty("values").EnumerateObject().Select(v => v.Value.GetString())).OfType<string>());
            return (berichtsoort, [.. recipients.Distinct(StringComparer.Ordinal)]);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new LoadTestException($"{path} could not be read as a manifest: {e.Message}", e);
        }
    }
}
