using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// Makes a rule set's <c>xsl:function</c>s callable from its expressions: reads them all, gives their namespaces
/// the rule set's own unique names (the declared namespace + "#" + a SHA-256 of every function declaration and the
/// namespace bindings their expressions are compiled with), rebinds the rule set's prefixes for those namespaces to
/// the unique names, registers every function and only then compiles the bodies, which call each other.
/// <para>
/// The limitation that follows: a prefix bound to a function namespace names only functions. An element or
/// attribute name with that prefix in an expression (<c>u:item</c>, <c>@u:flag</c>) is refused at load, since it
/// would look in the unique namespace and silently match nothing.
/// </para>
/// </summary>
internal static class XslFunctionLoader
{
    private static readonly XNamespace Xsl = Xslt2RuleReader.XsltNamespace;

    /// <summary>
    /// Loads the functions declared directly under <paramref name="schema"/>. <paramref name="ruleSetNamespaces"/> is
    /// rebound in place; <paramref name="compilerFor"/> gives the compiler for a body with its (rebound) namespaces.
    /// Returns each declared function namespace with its unique name (empty without functions).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Load(string folder, XElement schema, XmlNamespaceManager ruleSetNamespaces,
        Func<IReadOnlyDictionary<string, string>, XslExpressionCompiler> compilerFor)
    {
        var declarations = schema.Elements(Xsl + "function").ToList();
        if (declarations.Count == 0)
            return new Dictionary<string, string>();

        var parser = new XslFunctionParser(folder);
        var bindings = Bindings(ruleSetNamespaces);
        var syntaxes = declarations.Select(d => parser.Parse(d, bindings)).ToList();
        var seen = new HashSet<(XName, int)>();
        foreach (var syntax in syntaxes)
            if (!seen.Add((syntax.Name, syntax.Params.Count)))
                throw new CatalogueException(folder, $"{SchematronSource.Where(syntax.Source)}: the function {syntax.Name} with "
                    + $"{syntax.Params.Count} parameter(s) is declared twice.");

        var hash = Hash(syntaxes);
        var unique = syntaxes.Select(s => s.Name.NamespaceName).Distinct(StringComparer.Ordinal)
            .ToDictionary(ns => ns, ns => XslFunctionRegistry.UniqueNamespace(ns, hash), StringComparer.Ordinal);
        foreach (var (prefix, uri) in bindings)
            if (unique.TryGetValue(uri, out var rebound))
                ruleSetNamespaces.AddNamespace(prefix, rebound);

        var functions = syntaxes.Select(s => new XslFunction(unique[s.Name.NamespaceName], s.Name.LocalName, s.Params.Count, s.As)).ToList();
        XslFunctionRegistry.Register(hash, functions, () =>
        {
            for (var i = 0; i < syntaxes.Count; i++)
            {
                var namespaces = syntaxes[i].Namespaces.ToDictionary(b => b.Key, b => unique.GetValueOrDefault(b.Value, b.Value), StringComparer.Ordinal);
                XslFunctionCompiler.Compile(syntaxes[i], functions[i], compilerFor(namespaces));
            }
        });
        return unique;
    }

    private static Dictionary<string, string> Bindings(XmlNamespaceManager namespaces) =>
        namespaces.GetNamespacesInScope(XmlNamespaceScope.ExcludeXml)
            .Where(b => b.Key.Length > 0 && b.Key != "xmlns")
            .ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal);

    // Everything that decides what the functions do: their text and the namespaces their expressions resolve with.
    private static string Hash(IEnumerable<XslFunctionSyntax> syntaxes)
    {
        var text = new StringBuilder();
        foreach (var syntax in syntaxes)
        {
            text.Append(syntax.Source.ToString(SaveOptions.DisableFormatting)).Append('\n');
            foreach (var (prefix, uri) in syntax.Namespaces.OrderBy(b => b.Key, StringComparer.Ordinal))
                text.Append(prefix).Append('=').Append(uri).Append('\n');
            text.Append('\0');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
