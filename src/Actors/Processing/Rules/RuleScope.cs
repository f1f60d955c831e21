using System.Xml;
using System.Xml.XPath;
using System.Xml.Xsl;

namespace Digipoort.Actors.Processing.Rules;

/// <summary>
/// The XPath context of a rule with <c>sch:let</c> variables: it knows which names are in scope (so an
/// undeclared <c>$name</c> fails when the rule file loads) and holds their values for the context node
/// being checked. One scope serves one evaluation on one thread; expressions are bound to it by cloning.
/// </summary>
internal sealed class RuleScope : XsltContext
{
    private readonly Dictionary<string, Variable> _variables = new(StringComparer.Ordinal);

    public RuleScope(IReadOnlyDictionary<string, string> namespaces, IEnumerable<string> variableNames)
        : base(new NameTable())
    {
        foreach (var (prefix, uri) in namespaces)
            AddNamespace(prefix, uri);
        foreach (var name in variableNames)
            _variables[name] = new Variable();
    }

    /// <summary>Sets <paramref name="name"/> for the context node now being checked.</summary>
    public void Set(string name, object value) => _variables[name].Value = value;

    public override IXsltContextVariable ResolveVariable(string prefix, string name) =>
        prefix.Length == 0 && _variables.TryGetValue(name, out var variable)
            ? variable
            : throw new XPathException($"The variable '${(prefix.Length == 0 ? name : prefix + ":" + name)}' is not declared by an sch:let of this rule.");

    // Only XPath 1.0's own functions: extension functions are refused at load.
    public override IXsltContextFunction ResolveFunction(string prefix, string name, XPathResultType[] argTypes) =>
        throw new XPathException($"The function '{(prefix.Length == 0 ? name : prefix + ":" + name)}()' is not an XPath 1.0 function.");

    public override bool Whitespace => false;

    public override bool PreserveWhitespace(XPathNavigator node) => false;

    public override int CompareDocument(string baseUri, string nextbaseUri) => string.CompareOrdinal(baseUri, nextbaseUri);

    private sealed class Variable : IXsltContextVariable
    {
        // Before the first Set (when the rule file is checked at load) a variable is the empty string.
        public object Value { get; set; } = "";

        public bool IsLocal => true;

        public bool IsParam => false;

        public XPathResultType VariableType => XPathResultType.Any;

        // A node-set is an iterator that reading consumes: every use gets a fresh copy.
        public object Evaluate(XsltContext xsltContext) => Value is XPathNodeIterator nodes ? nodes.Clone() : Value;
    }
}
