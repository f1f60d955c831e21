using System.Collections.Concurrent;
using System.Xml;
using Wmhelp.XPath2;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// A compiled XPath 2.0 expression of a rule set, safe to evaluate on many threads at once and re-entrantly (a
/// function body calling its own function).
/// <para>
/// An <c>XPath2Expression</c> of the XPath2 library is not: every evaluation re-binds the shared syntax tree
/// (variable slots, the running context, names added to the expression's own NameTable), so two threads evaluating
/// one expression, say a <c>for $x in …</c>, read each other's slots and end in IndexOutOfRange, "Qname x is not
/// defined" or a wrong result (4 threads on one such rule: 29 of 200 documents). So each evaluation rents a compiled
/// copy that no other evaluation uses until it is handed back, compiling one more when all are in use: as many copies
/// as evaluations run at once (or calls nest, for a recursive function). The result is fully evaluated before the
/// copy goes back, so nothing lazy runs on it afterwards.
/// </para>
/// </summary>
internal sealed class Xslt2Expression
{
    private readonly IReadOnlyDictionary<string, string> _namespaces;
    private readonly ConcurrentBag<XPath2Expression> _idle = [];

    private Xslt2Expression(string text, IReadOnlyDictionary<string, string> namespaces, XPath2Expression first)
    {
        Text = text;
        _namespaces = namespaces;
        _idle.Add(first);
    }

    /// <summary>The expression as compiled.</summary>
    public string Text { get; }

    /// <summary>Compiles <paramref name="text"/> (throws the library's errors for one that does not compile).</summary>
    public static Xslt2Expression Compile(string text, IXmlNamespaceResolver namespaces)
    {
        // A snapshot: the copies compiled later must see the prefixes as they are now.
        var bindings = namespaces.GetNamespacesInScope(XmlNamespaceScope.ExcludeXml)
            .Where(b => b.Key.Length > 0 && b.Key != "xmlns")
            .ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal);
        return new Xslt2Expression(text, bindings, XslFunctionRegistry.Compile(text, XslFunctionParser.Resolver(bindings)));
    }

    /// <summary>
    /// Evaluates with <paramref name="provider"/>'s context item (null: none) and <paramref name="variables"/>;
    /// the result is materialised (see <see cref="XslOutput.Materialise"/>): empty, one item, or a list.
    /// </summary>
    public object Evaluate(IContextProvider? provider, IDictionary<XmlQualifiedName, object> variables)
    {
        if (!_idle.TryTake(out var expression))
            expression = XslFunctionRegistry.Compile(Text, XslFunctionParser.Resolver(_namespaces));
        try
        {
            return XslOutput.Materialise(expression.Evaluate(provider!, variables));
        }
        finally
        {
            _idle.Add(expression);
        }
    }
}
