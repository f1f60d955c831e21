using System.Collections.Frozen;
using System.Xml;
using System.Xml.Schema;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Which root elements make a document of a berichtsoort. A schema set declares many global elements that are
/// not documents (in UBL every <c>cbc:</c> and <c>cac:</c> element is global, and so is <c>ds:Signature</c>), so
/// the set's global elements are not the answer: the manifest names the roots (<c>"roots"</c>, Clark notation
/// <c>{namespace}localName</c>), or else they are the global elements declared in the schema files the manifest
/// lists (with what those include), not in what they import.
/// </summary>
internal static class DocumentRoots
{
    /// <summary>Throws <see cref="CatalogueException"/> for a malformed name or one the compiled set does not declare.</summary>
    public static FrozenSet<XmlQualifiedName> Resolve(string folder, IReadOnlyList<string>? manifestRoots,
        IReadOnlyList<string> entryPoints, XmlSchemaSet schemas)
    {
        if (manifestRoots is not null)
        {
            var named = manifestRoots.Select((clark, i) => Parse(folder, clark, i)).ToList();
            var undeclared = named.Where(n => !schemas.GlobalElements.Contains(n)).ToList();
            if (undeclared.Count > 0)
                throw new CatalogueException(folder,
                    $"'roots' names elements the schemas do not declare globally: {string.Join(", ", undeclared.Select(Clark))}.");
            return named.ToFrozenSet();
        }

        var files = entryPoints.Select(p => new Uri(Path.GetFullPath(Path.Combine(folder, p))).AbsoluteUri).ToHashSet(StringComparer.Ordinal);
        var declared = schemas.Schemas().Cast<XmlSchema>()
            .Where(s => s.SourceUri is not null && files.Contains(s.SourceUri))
            .SelectMany(s => DeclaredIn(s, s.TargetNamespace ?? "", []))
            .Where(schemas.GlobalElements.Contains)
            .ToFrozenSet();
        return declared.Count > 0 ? declared
            : throw new CatalogueException(folder,
                "the schema files it lists declare no global element, so no document could be of this kind: name the document elements in 'roots'.");
    }

    /// <summary>How a root is written in the manifest and in findings.</summary>
    public static string Clark(XmlQualifiedName name) => name.Namespace.Length == 0 ? name.Name : $"{{{name.Namespace}}}{name.Name}";

    // An include (or redefine) brings its declarations into the including schema's namespace; an import does not.
    private static IEnumerable<XmlQualifiedName> DeclaredIn(XmlSchema schema, string targetNamespace, HashSet<XmlSchema> seen)
    {
        if (!seen.Add(schema))
            yield break;
        foreach (var element in schema.Items.OfType<XmlSchemaElement>())
            yield return new XmlQualifiedName(element.Name, targetNamespace);
        foreach (var include in schema.Includes.OfType<XmlSchemaExternal>().Where(x => x is not XmlSchemaImport && x.Schema is not null))
            foreach (var name in DeclaredIn(include.Schema!, targetNamespace, seen))
                yield return name;
    }

    private static XmlQualifiedName Parse(string folder, string clark, int index)
    {
        string ns = "", local = clark;
        if (clark.StartsWith('{'))
        {
            var close = clark.IndexOf('}', StringComparison.Ordinal);
            if (close < 0)
                throw new CatalogueException(folder, $"'roots[{index}]' '{clark}' is not {{namespace}}localName: the '}}' is missing.");
            ns = clark[1..close];
            local = clark[(close + 1)..];
        }
        try
        {
            return new XmlQualifiedName(XmlConvert.VerifyNCName(local), ns);
        }
        catch (XmlException)
        {
            throw new CatalogueException(folder, $"'roots[{index}]' '{clark}': '{local}' is not an element name.");
        }
    }
}
