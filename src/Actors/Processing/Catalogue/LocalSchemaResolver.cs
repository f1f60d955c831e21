using System.Xml;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Resolves schema includes and imports to files inside one berichtsoort folder and refuses everything
/// else (other folders, <c>..</c> escapes, http and every other scheme) before any I/O, so a schema set
/// compiles from local files only and never touches the network. Symbolic links are followed as the
/// file system does: the folder is operator content, and this guard keeps schemas self-contained, it
/// does not sandbox a hostile operator.
/// </summary>
public sealed class LocalSchemaResolver : XmlResolver
{
    private readonly string _folder;

    public LocalSchemaResolver(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
    }

    public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
    {
        ArgumentNullException.ThrowIfNull(absoluteUri);
        if (ofObjectToReturn is not null && !typeof(Stream).IsAssignableFrom(ofObjectToReturn))
            throw new XmlException($"Schema location '{absoluteUri}' refused: only streams are supported.");
        if (!absoluteUri.IsAbsoluteUri || !absoluteUri.IsFile)
            throw new XmlException($"Schema location '{absoluteUri}' refused: only files inside '{_folder}' may be loaded.");

        var path = Path.GetFullPath(absoluteUri.LocalPath);
        // Ordinal even where the file system ignores case: the stricter test can only refuse more.
        if (!path.StartsWith(_folder, StringComparison.Ordinal))
            throw new XmlException($"Schema location '{absoluteUri}' refused: it is outside '{_folder}'.");

        return File.OpenRead(path);
    }
}
