using System.Collections.Frozen;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// The catalogue read from a folder: each subfolder is one berichtsoort with a <c>manifest.json</c> and
/// its schemas. Everything is loaded and compiled up front; afterwards the catalogue is immutable and
/// safe to share between threads.
/// </summary>
public sealed class FolderMessageTypeCatalogue : IMessageTypeCatalogue
{
    private readonly FrozenDictionary<string, MessageType> _byBerichtsoort;

    private FolderMessageTypeCatalogue(IReadOnlyList<MessageType> all)
    {
        All = all;
        _byBerichtsoort = all.ToFrozenDictionary(t => t.Berichtsoort, StringComparer.Ordinal);
    }

    /// <summary>Sorted by berichtsoort (ordinal).</summary>
    public IReadOnlyList<MessageType> All { get; }

    /// <summary>Case-sensitive, as berichtsoort values are compared exactly.</summary>
    public bool TryGet(string berichtsoort, out MessageType messageType) =>
        _byBerichtsoort.TryGetValue(berichtsoort, out messageType!);

    /// <summary>
    /// Loads every berichtsoort folder under <paramref name="rootDirectory"/>. Any broken entry fails the
    /// whole load with a <see cref="CatalogueException"/> naming the folder; the caller decides what then.
    /// </summary>
    public static FolderMessageTypeCatalogue Load(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        var root = Path.GetFullPath(rootDirectory);
        if (!Directory.Exists(root))
            throw new CatalogueException(root, "the catalogue folder does not exist.");

        var byBerichtsoort = new Dictionary<string, (MessageType Type, string Folder)>(StringComparer.Ordinal);
        // Ordinal folder order makes the first failure the same on every machine.
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var manifest = CatalogueManifest.Read(folder);
            if (byBerichtsoort.TryGetValue(manifest.Berichtsoort, out var existing))
                throw new CatalogueException(folder,
                    $"berichtsoort '{manifest.Berichtsoort}' is already defined in '{existing.Folder}'.");

            var schemas = CatalogueSchemas.Compile(folder, manifest.Schemas);
            // The recipients are copied into a read-only list: the deserialised one is a mutable List.
            var type = new MessageType(manifest.Berichtsoort, manifest.Description, manifest.Version,
                [.. manifest.Recipients ?? []], schemas);
            byBerichtsoort.Add(manifest.Berichtsoort, (type, folder));
        }

        return new FolderMessageTypeCatalogue(
            [.. byBerichtsoort.Values.Select(v => v.Type).OrderBy(t => t.Berichtsoort, StringComparer.Ordinal)]);
    }
}
