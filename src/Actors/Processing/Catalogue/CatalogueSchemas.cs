using System.Xml;
using System.Xml.Schema;

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
        var problems = new List<string>();
        var set = new XmlSchemaSet();
        var resolver = new CatalogueSchemaResolver(folder, set.NameTable);
        set.XmlResolver = resolver;
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
                using var reader = (XmlReader)resolver.GetEntity(uri, null, typeof(XmlReader));
                set.Add(null, reader);
            }
            if (problems.Count == 0)
                set.Compile();
        }
        catch (Exception e) when (e is XmlException or XmlSchemaException or IOException or UnauthorizedAccessException
            or ArgumentException or UriFormatException)
        {
            throw new CatalogueException(folder, $"schemas could not be loaded: {Describe(folder, e)}", e);
        }

        if (problems.Count > 0)
            throw new CatalogueException(folder, $"schemas do not load and compile: {string.Join(" | ", problems)}");
        return set;
    }

    // A refusal names the file and line that caused it. When an include or import fails to load, .NET
    // reports it at the including element and the reason is an inner exception, sometimes wrapped again
    // without a position (an external DTD); the innermost exception that knows its file is the one to fix.
    private static string Describe(string folder, Exception e)
    {
        var chain = new List<Exception>();
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
            chain.Add(x);
        var (cause, source, line, position) = chain.Select(x => x switch
            {
                SchemaFileRefusal r => (x, r.File.AbsoluteUri, r.Line, r.Position),
                XmlSchemaException s => (x, s.SourceUri, s.LineNumber, s.LinePosition),
                XmlException m => (x, m.SourceUri, m.LineNumber, m.LinePosition),
                _ => (x, null, 0, 0),
            })
            .LastOrDefault(c => !string.IsNullOrEmpty(c.Item2), (e, null, 0, 0));

        var message = chain.Count == 1 ? e.Message : $"{e.Message} {chain[^1].Message}";
        if (cause != e && e is XmlSchemaException outer && Relative(folder, outer.SourceUri) is { } including)
            message += $" (loaded from {including} ({outer.LineNumber},{outer.LinePosition}))";
        return Relative(folder, source) is { } file ? $"{file} ({line},{position}): {message}" : message;
    }

    private static string? Relative(string folder, string? sourceUri)
    {
        if (string.IsNullOrEmpty(sourceUri))
            return null;
        return Uri.TryCreate(sourceUri, UriKind.Absolute, out var uri) && uri.IsFile
            ? Path.GetRelativePath(folder, uri.LocalPath)
            : sourceUri;
    }
}
