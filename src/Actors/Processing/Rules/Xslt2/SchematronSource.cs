using System.Text;
using System.Xml;
using System.Xml.Linq;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// A Schematron rule set as one tree, the way ISO Schematron's own preprocessing prepares it: every
/// <c>sch:include</c> replaced by the element it points at (files inside the entry's folder only), and every
/// instance of an abstract pattern (<c>is-a</c>) replaced by a copy of that pattern with its parameters
/// substituted. Each element remembers the file and line it came from, so a refusal can name them.
/// </summary>
internal static class SchematronSource
{
    public const string Namespace = "http://purl.oclc.org/dsdl/schematron";

    // Includes nest this deep at most: a cycle is refused before it could recurse for ever.
    private const int MaxIncludeDepth = 16;

    // The attributes of a concrete pattern in which ISO Schematron substitutes abstract pattern parameters.
    private static readonly HashSet<string> SubstitutedAttributes = ["context", "test", "value", "select", "path"];

    /// <summary>Reads <paramref name="relativePath"/> inside <paramref name="folder"/>; throws <see cref="CatalogueException"/>.</summary>
    public static XElement Read(string folder, string relativePath)
    {
        var resolver = new LocalSchemaResolver(folder, "Rule file");
        var root = Load(folder, resolver, new Uri(Path.GetFullPath(Path.Combine(folder, relativePath))), relativePath);
        ResolveIncludes(folder, resolver, root, 0);
        InstantiateAbstractPatterns(folder, root);
        return root;
    }

    /// <summary>Where an element came from: "file (line n)".</summary>
    public static string Where(XElement element) =>
        element.Annotation<Origin>() is { } origin ? $"{origin.File} (line {origin.Line})" : "(generated)";

    private static XElement Load(string folder, LocalSchemaResolver resolver, Uri uri, string shownAs)
    {
        XDocument document;
        try
        {
            using var stream = (Stream)resolver.GetEntity(uri, null, typeof(Stream));
            using var xml = XmlReader.Create(stream, SafeXml.CreateReaderSettings(), uri.AbsoluteUri);
            document = XDocument.Load(xml, LoadOptions.SetLineInfo);
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CatalogueException(folder, $"rule file '{shownAs}' could not be read: {e.Message}", e);
        }
        var root = document.Root!;
        // Detached, so that moving it in place of an include keeps the object (and its annotations) instead of a copy.
        root.Remove();
        var file = Path.GetRelativePath(folder, uri.LocalPath);
        foreach (var element in root.DescendantsAndSelf())
        {
            element.AddAnnotation(new Origin(file, ((IXmlLineInfo)element).LineNumber));
            element.AddAnnotation(uri);
        }
        return root;
    }

    private static void ResolveIncludes(string folder, LocalSchemaResolver resolver, XElement scope, int depth)
    {
        foreach (var include in scope.DescendantsAndSelf(Sch("include")).ToList())
        {
            if (depth >= MaxIncludeDepth)
                throw Refuse(folder, include, $"sch:include nests deeper than {MaxIncludeDepth} levels (a cycle?)");
            var href = (string?)include.Attribute("href") is { Length: > 0 } h ? h : throw Refuse(folder, include, "sch:include needs an href");
            if (href.Contains('#', StringComparison.Ordinal))
                throw Refuse(folder, include, $"sch:include of a fragment ('{href}') is not supported");
            Uri target;
            try
            {
                target = new Uri(include.Annotation<Uri>()!, href);
            }
            catch (UriFormatException e)
            {
                throw Refuse(folder, include, $"sch:include href '{href}' is not a file location: {e.Message}");
            }
            var included = Load(folder, resolver, target, href);
            if (included.Name == Sch("schema"))
                throw Refuse(folder, include, $"sch:include of a whole sch:schema ('{href}') is not supported: include its patterns");
            ResolveIncludes(folder, resolver, included, depth + 1);
            include.ReplaceWith(included);
        }
    }

    private static void InstantiateAbstractPatterns(string folder, XElement root)
    {
        var patterns = root.Elements(Sch("pattern")).ToList();
        var abstracts = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var pattern in patterns.Where(p => (string?)p.Attribute("abstract") == "true"))
        {
            var id = (string?)pattern.Attribute("id") ?? throw Refuse(folder, pattern, "an abstract sch:pattern needs an id");
            if (!abstracts.TryAdd(id, pattern))
                throw Refuse(folder, pattern, $"the abstract pattern '{id}' is declared twice");
        }

        foreach (var instance in patterns.Where(p => p.Attribute("is-a") is not null))
        {
            var isA = (string)instance.Attribute("is-a")!;
            if (!abstracts.TryGetValue(isA, out var template))
                throw Refuse(folder, instance, $"is-a='{isA}' names no abstract pattern");
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var param in instance.Elements(Sch("param")))
            {
                // Trimmed: the CEN EN 16931 rules declare a parameter "Additional_supporting_documents " (trailing space),
                // which a textual replacement of "$" + name only finds because its use has the same space.
                var name = ((string?)param.Attribute("name"))?.Trim() ?? throw Refuse(folder, param, "sch:param needs a name");
                if (!parameters.TryAdd(name, (string?)param.Attribute("value") ?? throw Refuse(folder, param, "sch:param needs a value")))
                    throw Refuse(folder, param, $"the parameter '{name}' is given twice");
            }
            var concrete = new XElement(Sch("pattern"), instance.Attributes().Where(a => a.Name != "is-a"),
                template.Nodes().Select(Copy));
            foreach (var attribute in concrete.Descendants().Attributes().Where(a => SubstitutedAttributes.Contains(a.Name.LocalName)))
                attribute.Value = Substitute(attribute.Value, parameters);
            concrete.AddAnnotation(instance.Annotation<Origin>()!);
            instance.ReplaceWith(concrete);
        }
        foreach (var pattern in abstracts.Values)
            pattern.Remove();
    }

    // Copies keep the origin of the template's elements, so a broken rule is found where it is written.
    private static XNode Copy(XNode node)
    {
        if (node is not XElement element)
            return node is XText text ? new XText(text) : new XComment("");
        var copy = new XElement(element.Name, element.Attributes().Select(a => new XAttribute(a)), element.Nodes().Select(Copy));
        if (element.Annotation<Origin>() is { } origin)
            copy.AddAnnotation(origin);
        return copy;
    }

    /// <summary>
    /// Replaces each <c>$name</c> of a parameter by its value. A name ends where name characters end, so
    /// <c>$BR-5</c> is not found inside <c>$BR-52</c>; a <c>$name</c> that is no parameter (a variable) stays.
    /// </summary>
    internal static string Substitute(string text, IReadOnlyDictionary<string, string> parameters)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
            return text;
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$')
            {
                result.Append(text[i]);
                continue;
            }
            var end = i + 1;
            while (end < text.Length && (XmlConvert.IsNCNameChar(text[end]) || text[end] == ':'))
                end++;
            var name = text[(i + 1)..end];
            if (parameters.TryGetValue(name, out var value))
            {
                result.Append(value);
                i = end - 1;
            }
            else
            {
                result.Append('$');
            }
        }
        return result.ToString();
    }

    private static CatalogueException Refuse(string folder, XElement element, string reason) => new(folder, $"{Where(element)}: {reason}.");

    private static XName Sch(string localName) => XName.Get(localName, Namespace);

    private sealed record Origin(string File, int Line);
}
