using Digipoort.Actors.Processing.Routing;
using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Splitting;
using Digipoort.Actors.Processing.Transformation;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Loads one berichtsoort folder: reads its manifest and compiles everything it names — schemas, rule
/// files, XPath expressions and transformations — so that anything broken refuses the entry at load
/// instead of failing its messages later. Throws <see cref="CatalogueException"/>.
/// </summary>
internal static class CatalogueEntryLoader
{
    /// <param name="isKnownRecipient">Whether a recipient id is configured on this node.</param>
    public static MessageType Load(string folder, Func<string, bool> isKnownRecipient)
    {
        var manifest = CatalogueManifest.Read(folder);
        var namespaces = CatalogueXPath.Namespaces(manifest.Namespaces);
        var schemas = CatalogueSchemas.Compile(folder, manifest.Schemas);
        var roots = DocumentRoots.Resolve(folder, manifest.Roots, manifest.Schemas, schemas);
        var rules = (manifest.Rules ?? []).Select(path =>
            BusinessRules.Load(folder, path, manifest.Namespaces, manifest.RulePhases?.GetValueOrDefault(path))).ToList();
        var routes = (manifest.Routes ?? []).Select((route, i) => new ContentRoute(
            CatalogueXPath.Compile(route.Select, namespaces, folder, $"routes[{i}].select"),
            route.Values, route.MatchRecipientOin)).ToList();
        var formats = (manifest.Deliveries ?? new Dictionary<string, DeliveryManifest>()).ToDictionary(
            d => d.Key,
            d => new RecipientFormat(d.Value.Transform is { } path ? DocumentTransform.Load(folder, path) : null,
                d.Value.MimeType, d.Value.Attachments),
            StringComparer.Ordinal);

        BatchSpec? split = null;
        if (manifest.Split is { } s)
        {
            var items = ItemPath.TryParse(s.Items, namespaces, out var problem)
                ?? throw new CatalogueException(folder, $"'split.items' '{s.Items}': {problem}");
            var sortKey = s.SortKey is { } key ? CatalogueXPath.Compile(key, namespaces, folder, "split.sortKey") : null;
            split = new BatchSpec(items, s.ItemBerichtsoort, sortKey);
        }

        var recipients = manifest.Recipients ?? [];
        var unknown = recipients.Concat(formats.Keys).Concat(routes.SelectMany(r => r.FixedRecipients))
            .Distinct(StringComparer.Ordinal).Where(r => !isKnownRecipient(r)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new CatalogueException(folder,
                $"it names recipients that are not configured: {string.Join(", ", unknown)} (configure Digipoort:Recipients).");

        // The lists are copied into read-only ones: the deserialised ones are mutable.
        return new MessageType(manifest.Berichtsoort, manifest.Description, manifest.Version, [.. recipients], schemas)
        {
            Folder = Path.GetFullPath(folder),
            Roots = roots,
            Rules = rules,
            Routes = routes,
            Formats = formats,
            Split = split,
        };
    }
}
