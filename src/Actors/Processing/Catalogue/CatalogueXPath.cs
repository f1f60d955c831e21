using System.Xml;
using System.Xml.XPath;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Compiles the XPath 1.0 expressions a catalogue entry holds (business rules, routes, sort keys) when the
/// entry loads, so that a typo or an undeclared prefix refuses the entry instead of failing every message
/// of that berichtsoort later.
/// </summary>
public static class CatalogueXPath
{
    // .NET resolves prefixes and variables only when an expression first meets a context or a document;
    // evaluating once against an empty document makes every such error surface here, at load.
    private static readonly XPathNavigator Empty = new XPathDocument(new StringReader("<empty/>")).CreateNavigator();

    /// <summary>A namespace context with <paramref name="prefixes"/> (prefix → namespace URI) declared.</summary>
    public static XmlNamespaceManager Namespaces(IReadOnlyDictionary<string, string>? prefixes)
    {
        var manager = new XmlNamespaceManager(new NameTable());
        foreach (var (prefix, uri) in prefixes ?? new Dictionary<string, string>())
            manager.AddNamespace(prefix, uri);
        return manager;
    }

    /// <summary>
    /// Compiles <paramref name="expression"/> with <paramref name="namespaces"/> as its context. Bad syntax,
    /// an undeclared prefix, an unknown function or a variable (which needs a context that
    /// <paramref name="namespaces"/> does not give) throw <see cref="CatalogueException"/> for
    /// <paramref name="folder"/>, with <paramref name="where"/> saying which expression it was.
    /// </summary>
    public static XPathExpression Compile(string expression, IXmlNamespaceResolver namespaces, string folder, string where)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        if (string.IsNullOrWhiteSpace(expression))
            throw new CatalogueException(folder, $"{where}: the XPath expression is empty.");
        try
        {
            var compiled = XPathExpression.Compile(expression, namespaces);
            Empty.Evaluate(compiled);
            return compiled;
        }
        catch (Exception e) when (e is XPathException or ArgumentException)
        {
            throw new CatalogueException(folder, $"{where}: '{expression}' is not a usable XPath 1.0 expression: {e.Message}", e);
        }
    }
}
