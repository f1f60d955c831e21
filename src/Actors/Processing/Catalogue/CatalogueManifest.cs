using System.Text.Json;
using System.Text.Json.Serialization;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// The <c>manifest.json</c> of one berichtsoort folder. Unknown fields are refused, so a typo in a
/// field name fails loudly instead of silently dropping a setting. Paths are relative to the folder;
/// XPath expressions use the prefixes in <see cref="Namespaces"/>.
/// </summary>
internal sealed record CatalogueManifest(
    string Berichtsoort,
    string Description,
    string Version,
    IReadOnlyList<string> Schemas,
    IReadOnlyList<string>? Recipients = null,
    IReadOnlyDictionary<string, string>? Namespaces = null,
    IReadOnlyList<string>? Rules = null,
    IReadOnlyList<RouteManifest>? Routes = null,
    IReadOnlyDictionary<string, DeliveryManifest>? Deliveries = null,
    SplitManifest? Split = null,
    IReadOnlyList<string>? Roots = null,
    IReadOnlyDictionary<string, string>? RulePhases = null)
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
        if (Roots is { } roots && (roots.Count == 0 || roots.Any(string.IsNullOrWhiteSpace)))
            return "'roots' must name at least one root element, none of them empty (leave it out for the default).";
        if (Rules is { } rules && rules.Any(string.IsNullOrWhiteSpace))
            return "'rules' lists an empty path.";
        if (RulePhases?.Keys.FirstOrDefault(path => !(Rules ?? []).Contains(path, StringComparer.Ordinal)) is { } unlisted)
            return $"'rulePhases' names '{unlisted}', which 'rules' does not list.";
        if (RulePhases?.FirstOrDefault(p => string.IsNullOrWhiteSpace(p.Value)) is { Key: { } noPhase })
            return $"'rulePhases.{noPhase}' is empty.";
        var recipients = Recipients ?? [];
        if (recipients.Any(string.IsNullOrWhiteSpace))
            return "'recipients' lists an empty recipient id.";
        if (recipients.Distinct(StringComparer.Ordinal).Count() != recipients.Count)
            return "'recipients' lists a recipient more than once.";
        if (recipients.Count == 0 && (Routes ?? []).Count == 0 && Split is null)
            return "a berichtsoort needs 'recipients', 'routes' or 'split': otherwise nothing could ever receive it.";
        if (Split is not null && (recipients.Count > 0 || (Routes ?? []).Count > 0))
            return "a batch ('split') is delivered through its items: it takes no 'recipients' or 'routes' of its own.";
        return Routes?.Select((r, i) => r.Problem(i)).FirstOrDefault(p => p is not null)
            ?? Deliveries?.Select(d => d.Value.Problem(d.Key)).FirstOrDefault(p => p is not null)
            ?? Split?.Problem();
    }
}

/// <summary>
/// A content-based route: <see cref="Select"/> is an XPath 1.0 expression over the document whose string
/// value picks the recipient, either through <see cref="Values"/> (value → recipient id) or, with
/// <see cref="MatchRecipientOin"/>, as the OIN of a configured recipient.
/// </summary>
internal sealed record RouteManifest(
    string Select,
    IReadOnlyDictionary<string, string>? Values = null,
    bool MatchRecipientOin = false)
{
    public string? Problem(int index)
    {
        if (string.IsNullOrWhiteSpace(Select))
            return $"'routes[{index}].select' is empty.";
        if ((Values is null || Values.Count == 0) == !MatchRecipientOin)
            return $"'routes[{index}]' needs exactly one of 'values' and 'matchRecipientOin'.";
        return null;
    }
}

/// <summary>How one recipient of this berichtsoort receives it.</summary>
internal sealed record DeliveryManifest(
    string? Transform = null,
    string? MimeType = null,
    AttachmentMode Attachments = AttachmentMode.Inline)
{
    public string? Problem(string recipient)
    {
        if (Transform is not null && string.IsNullOrWhiteSpace(Transform))
            return $"'deliveries.{recipient}.transform' is empty.";
        if ((Transform is null) != (MimeType is null))
            return $"'deliveries.{recipient}' needs 'mimeType' exactly when it has a 'transform'.";
        return null;
    }
}

/// <summary>How a recipient receives the attachments (berichtBijlagen).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttachmentMode>))]
public enum AttachmentMode
{
    /// <summary>In the same delivery as the main document.</summary>
    Inline = 0,
    /// <summary>Each as its own delivery that references the main message, with its own statuses.</summary>
    Separate,
}

/// <summary>
/// A batch: <see cref="Items"/> is a path of child steps from the root (e.g. <c>/b:Batch/b:Items/inv:Invoice</c>)
/// so that items can be cut out while streaming; each item becomes a message of <see cref="ItemBerichtsoort"/>.
/// <see cref="SortKey"/> (XPath relative to an item) makes the items delivered one after another in its order.
/// </summary>
internal sealed record SplitManifest(string Items, string ItemBerichtsoort, string? SortKey = null)
{
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Items))
            return "'split.items' is empty.";
        if (string.IsNullOrWhiteSpace(ItemBerichtsoort))
            return "'split.itemBerichtsoort' is empty.";
        if (SortKey is not null && string.IsNullOrWhiteSpace(SortKey))
            return "'split.sortKey' is empty.";
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
