namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Holds the catalogue in force. Swapping it is atomic, so a reload never exposes a half-loaded
/// catalogue; readers take <see cref="Current"/> once per use.
/// </summary>
public sealed class CatalogueProvider(IMessageTypeCatalogue initial)
{
    private volatile IMessageTypeCatalogue _current = initial;

    public IMessageTypeCatalogue Current => _current;

    public void Replace(IMessageTypeCatalogue catalogue) => _current = catalogue;
}
