using System.Text.Json;
using System.Text.Json.Serialization;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// The <c>manifest.json</c> of one berichtsoort folder. Every field is required and unknown fields are
/// refused, so a typo in a field name fails loudly instead of silently dropping a setting.
/// </summary>
internal sealed record CatalogueManifest(
    string Berichtsoort,
    string Description,
    string Version,
    IReadOnlyList<string> Schemas,
    IReadOnlyList<string> Recipients)
{
    public const string FileName = "manifest.json";

    /// <summary>Reads and checks the manifest of <paramref name="folder"/>; throws <see cref="CatalogueException"/>.</summary>
    public static CatalogueManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new CatalogueException(folder, $"'{path}' is missing.");

        CatalogueManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize(stream, CatalogueJsonContext.Default.CatalogueManifest);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CatalogueException(folder, $"'{path}' could not be read as a manifest: {e.Message}", e);
        }

        if (manifest is null)
            throw new CatalogueException(folder, $"'{path}' is not a valid manifest: it is null.");
        if (manifest.Problem() is { } problem)
            throw new CatalogueException(folder, $"'{path}' is not a valid manifest: {problem}");
        return manifest;
    }

    private string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Berichtsoort))
            return "'berichtsoort' is empty.";
        if (Berichtsoort.Length > MessageEnvelope.BerichtsoortMaxLength)
            return $"'berichtsoort' is longer than {MessageEnvelope.BerichtsoortMaxLength} characters.";
        // berichtsoortType collapses whitespace, so a name with outer or control whitespace could never be asked for.
        if (Berichtsoort.Trim() != Berichtsoort || Berichtsoort.Any(char.IsControl))
            return "'berichtsoort' has leading or trailing whitespace or control characters.";
        if (string.IsNullOrWhiteSpace(Description))
            return "'description' is empty.";
        if (string.IsNullOrWhiteSpace(Version))
            return "'version' is empty.";
        if (Schemas.Count == 0 || Schemas.Any(string.IsNullOrWhiteSpace))
            return "'schemas' must list at least one schema, none of them empty.";
        if (Recipients.Count == 0 || Recipients.Any(string.IsNullOrWhiteSpace))
            return "'recipients' must list at least one recipient id, none of them empty.";
        if (Recipients.Distinct(StringComparer.Ordinal).Count() != Recipients.Count)
            return "'recipients' lists a recipient more than once.";
        return null;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CatalogueManifest))]
internal sealed partial class CatalogueJsonContext : JsonSerializerContext;
