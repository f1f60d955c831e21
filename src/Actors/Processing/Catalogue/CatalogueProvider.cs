namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Holds the catalogue in force and reloads it from its folder. Readers take <see cref="Current"/> once
/// per use; a reload swaps it atomically, so nobody ever sees a half-loaded catalogue, and messages in
/// progress keep what they already took from the old one.
/// </summary>
public sealed class CatalogueProvider
{
    private readonly string? _root;
    private readonly Func<string, bool> _isKnownRecipient;
    private readonly Lock _reloading = new();
    private volatile CatalogueState _state;

    /// <summary>A fixed catalogue that never reloads.</summary>
    public CatalogueProvider(IMessageTypeCatalogue catalogue)
    {
        _isKnownRecipient = _ => true;
        _state = new CatalogueState(catalogue, []);
    }

    /// <summary>The catalogue in <paramref name="root"/>, loaded now; broken entries are refused and reported.</summary>
    public CatalogueProvider(string root, Func<string, bool> isKnownRecipient)
    {
        _root = root;
        _isKnownRecipient = isKnownRecipient;
        var load = FolderMessageTypeCatalogue.LoadEntries(root, isKnownRecipient);
        _state = new CatalogueState(load.Catalogue, load.Problems);
    }

    public IMessageTypeCatalogue Current => _state.Catalogue;

    /// <summary>The folder it reloads from; null for a fixed catalogue.</summary>
    public string? Root => _root;

    /// <summary>The entries refused by the last load (a refused entry that worked before keeps running).</summary>
    public IReadOnlyList<CatalogueException> Problems => _state.Problems;

    /// <summary>
    /// Loads the folder again and puts the result in force. Entries that fail keep their running version;
    /// returns the new problems. Throws <see cref="CatalogueException"/> only when the folder itself is gone,
    /// and then the running catalogue stays.
    /// </summary>
    public IReadOnlyList<CatalogueException> Reload()
    {
        if (_root is null) return Problems;
        lock (_reloading)
        {
            var load = FolderMessageTypeCatalogue.LoadEntries(_root, _isKnownRecipient, _state.Catalogue);
            _state = new CatalogueState(load.Catalogue, load.Problems);
            return load.Problems;
        }
    }

    private sealed record CatalogueState(IMessageTypeCatalogue Catalogue, IReadOnlyList<CatalogueException> Problems);
}
