namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>A catalogue entry could not be loaded: the message names the berichtsoort folder and why.</summary>
public sealed class CatalogueException(string folder, string reason, Exception? innerException = null)
    : Exception($"Catalogue entry '{folder}': {reason}", innerException)
{
    /// <summary>The berichtsoort folder (or the catalogue root when the root itself is the problem).</summary>
    public string Folder { get; } = folder;

    public string Reason { get; } = reason;
}
