using System.Xml;
using System.Xml.Schema;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>Compiles the schema set of one berichtsoort folder from local files only.</summary>
internal static class CatalogueSchemas
{
    /// <summary>
    /// Adds <paramref name="schemaPaths"/> (relative to <paramref name="folder"/>) to a new set and compiles
    /// it; throws <see cref="CatalogueException"/> listing every problem.
    /// </summary>
    public static XmlSchemaSet Compile(string folder, IReadOnlyList<string> schemaPaths)
    {
        var resolver = new LocalSchemaResolver(folder);
        var problems = new List<string>();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        // An include or import that cannot be loaded is only a warning to .NET (schemaLocation is a
        // hint), and a set can still compile without it. A catalogue entry must be complete, so every
        // event counts as a problem.
        set.ValidationEventHandler += (_, e) => problems.Add(Describe(folder, e.Exception));

        try
        {
            foreach (var relative in schemaPaths)
            {
                var uri = new Uri(Path.GetFullPath(Path.Combine(folder, relative)));
                // The manifest's own paths pass the same gate as includes and imports.
                using var stream = (Stream)resolver.GetEntity(uri, null, typeof(Stream));
                using var reader = XmlReader.Create(stream, SafeXml.CreateReaderSettings(), uri.AbsoluteUri);
                set.Add(null, reader);
            }
            if (problems.Count == 0)
                set.Compile();
        }
        catch (Exception e) when (e is XmlException or XmlSchemaException or IOException or UnauthorizedAccessException
            or ArgumentException or UriFormatException)
        {
            throw new CatalogueException(folder, $"schemas could not be loaded: {e.Message}", e);
        }

        if (problems.Count > 0)
            throw new CatalogueException(folder, $"schemas do not load and compile: {string.Join(" | ", problems)}");
        return set;
    }

    private static string Describe(string folder, XmlSchemaException e)
    {
        var source = Uri.TryCreate(e.SourceUri, UriKind.Absolute, out var uri) && uri.IsFile
            ? Path.GetRelativePath(folder, uri.LocalPath)
            : e.SourceUri;
        // For an include or import that failed to load, the reason (e.g. the resolver's refusal) is the inner exception.
        var message = e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}";
        return string.IsNullOrEmpty(source) ? message : $"{source} ({e.LineNumber},{e.LinePosition}): {message}";
    }
}
