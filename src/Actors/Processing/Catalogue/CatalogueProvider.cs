namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Holds the catalogue in force. Readers take <see cref="Current"/> once per use, so that a reload
/// (when the catalogue becomes reloadable) can swap it atomically without exposing a half-loaded one.
/// </summary>
public sealed class CatalogueProvider(IMessageTypeCatalogue catalogue)
{
    public IMessageTypeCatalogue Current { get; } = catalogue;
}
