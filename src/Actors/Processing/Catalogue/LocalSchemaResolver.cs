using System.Xml;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Resolves schema includes and imports to files inside one berichtsoort folder and refuses everything
/// else (other folders, <c>..</c> escapes, http and every other scheme) before any I/O, so a schema set
/// compiles from local files only and never touches the network. Symbolic links are followed as the
/// file system does: the folder is operator content, and this guard keeps schemas self-contained, it
/// does not sandbox a hostile operator. Rule files and stylesheets (with their includes and imports) pass
/// the same gate; <c>kind</c> only names what was refused in the message.
/// </summary>
public sealed class LocalSchemaResolver : XmlResolver
{
    private readonly string _folder;
    private readonly string _kind;

    public LocalSchemaResolver(string folder, string kind = "Schema")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _kind = kind;
        _folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
    }

    public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
    {
        ArgumentNullException.ThrowIfNull(absoluteUri);
        if (ofObjectToReturn is not null && !typeof(Stream).IsAssignableFrom(ofObjectToReturn))
            throw new XmlException($"{_kind} location '{absoluteUri}' refused: only streams are supported.");
        if (!absoluteUri.IsAbsoluteUri || !absoluteUri.IsFile)
            throw new XmlException($"{_kind} location '{absoluteUri}' refused: only files inside '{_folder}' may be loaded.");

        var path = Path.GetFullPath(absoluteUri.LocalPath);
        // Ordinal even where the file system ignores case: the stricter test can only refuse more.
        if (!path.StartsWith(_folder, StringComparison.Ordinal))
            throw new XmlException($"{_kind} location '{absoluteUri}' refused: it is outside '{_folder}'.");

        return File.OpenRead(path);
    }
}
