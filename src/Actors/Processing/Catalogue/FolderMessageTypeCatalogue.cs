using System.Collections.Frozen;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// The catalogue read from a folder: each subfolder is one berichtsoort with a <c>manifest.json</c> and
/// the files it names. Everything is loaded and compiled up front; afterwards the catalogue is immutable
/// and safe to share between threads.
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
    /// Loads every berichtsoort folder under <paramref name="rootDirectory"/> and fails on the first broken
    /// one with a <see cref="CatalogueException"/> naming the folder. For checking a catalogue as a whole.
    /// </summary>
    public static FolderMessageTypeCatalogue Load(string rootDirectory)
    {
        var load = LoadEntries(rootDirectory, isKnownRecipient: _ => true);
        return load.Problems.Count > 0 ? throw load.Problems[0] : load.Catalogue;
    }

    /// <summary>
    /// Loads every berichtsoort folder under <paramref name="rootDirectory"/>, refusing broken entries one
    /// by one: a refused entry is reported in <see cref="CatalogueLoad.Problems"/> and, when
    /// <paramref name="running"/> has a working version from the same folder, that version stays.
    /// </summary>
    public static CatalogueLoad LoadEntries(string rootDirectory, Func<string, bool> isKnownRecipient,
        IMessageTypeCatalogue? running = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        var root = Path.GetFullPath(rootDirectory);
        if (!Directory.Exists(root))
            throw new CatalogueException(root, "the catalogue folder does not exist.");

        var runningByFolder = (running?.All ?? []).ToDictionary(t => t.Folder, StringComparer.Ordinal);
        var byBerichtsoort = new Dictionary<string, MessageType>(StringComparer.Ordinal);
        var problems = new List<CatalogueException>();
        // Ordinal folder order makes the outcome the same on every machine.
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            MessageType type;
            try
            {
                type = CatalogueEntryLoader.Load(folder, isKnownRecipient);
                if (byBerichtsoort.TryGetValue(type.Berichtsoort, out var existing))
                    throw new CatalogueException(folder,
                        $"berichtsoort '{type.Berichtsoort}' is already defined in '{existing.Folder}'.");
            }
            catch (CatalogueException e)
            {
                problems.Add(e);
                if (!runningByFolder.TryGetValue(Path.GetFullPath(folder), out var kept) || byBerichtsoort.ContainsKey(kept.Berichtsoort))
                    continue;
                type = kept;
            }
            byBerichtsoort.Add(type.Berichtsoort, type);
        }

        // A batch whose items' berichtsoort is missing could never process an item.
        foreach (var batch in byBerichtsoort.Values.Where(t => t.Split is { } s && !byBerichtsoort.ContainsKey(s.ItemBerichtsoort)).ToList())
        {
            problems.Add(new CatalogueException(batch.Folder,
                $"'split.itemBerichtsoort' '{batch.Split!.ItemBerichtsoort}' is not in the catalogue."));
            byBerichtsoort.Remove(batch.Berichtsoort);
        }

        return new CatalogueLoad(
            new FolderMessageTypeCatalogue([.. byBerichtsoort.Values.OrderBy(t => t.Berichtsoort, StringComparer.Ordinal)]),
            problems);
    }
}

/// <summary>A loaded catalogue and the entries that were refused (each naming its folder and why).</summary>
public sealed record CatalogueLoad(FolderMessageTypeCatalogue Catalogue, IReadOnlyList<CatalogueException> Problems);
