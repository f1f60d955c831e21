using System.Xml;
using System.Xml.Linq;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// Reads an <c>xsl:function</c> declared directly under <c>sch:schema</c> (as Peppol BIS Billing 3 does) into
/// <see cref="XslFunctionSyntax"/>. The subset is what published rule sets write inside functions: <c>xsl:param</c>
/// (with <c>as</c>), then <c>xsl:variable</c> (select, or content; with <c>as</c>), <c>xsl:value-of select</c>,
/// <c>xsl:sequence select</c>, <c>xsl:choose</c>/<c>when</c>/<c>otherwise</c>, <c>xsl:if</c> and literal text.
/// Anything else (<c>xsl:for-each</c>, <c>xsl:apply-templates</c>, <c>xsl:call-template</c>, a literal result
/// element, an <c>as</c> other than one atomic type, …) refuses the rule set naming the construct, file and line.
/// </summary>
internal sealed class XslFunctionParser(string folder)
{
    private static readonly XNamespace Xsl = Xslt2RuleReader.XsltNamespace;

    // XSLT 2.0 (XTSE0080) reserves these for the language itself.
    private static readonly string[] ReservedNamespaces =
    [
        Xslt2RuleReader.XsltNamespace, "http://www.w3.org/2005/xpath-functions", XslSequenceType.SchemaNamespace,
        "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/2005/xqt-errors",
    ];

    private const string SupportedInstructions = "xsl:param, xsl:variable, xsl:value-of, xsl:sequence, xsl:choose, xsl:if";

    /// <summary>Reads <paramref name="function"/>; its expressions see <paramref name="ruleSetNamespaces"/> and, winning, the XML namespaces in scope on it.</summary>
    public XslFunctionSyntax Parse(XElement function, IReadOnlyDictionary<string, string> ruleSetNamespaces)
    {
        OnlyAttributes(function, "name", "as", "override");
        if (function.Descendants().Attributes().FirstOrDefault(a => a.IsNamespaceDeclaration) is { } declaration)
            throw Refuse(declaration.Parent!, $"a namespace declaration ({declaration}) inside xsl:function is not supported: declare it on the function or sch:schema");
        var namespaces = InScope(function, ruleSetNamespaces);
        var resolver = Resolver(namespaces);
        var name = FunctionName(function);
        var type = Type(function, resolver);

        var nodes = Significant(function).ToList();
        var parameters = new List<XslParamSyntax>();
        foreach (var param in nodes.TakeWhile(n => n is XElement e && e.Name == Xsl + "param").Cast<XElement>())
        {
            OnlyAttributes(param, "name", "as");
            var paramName = Required(param, "name");
            if (parameters.Any(p => p.Name == paramName))
                throw Refuse(param, $"the parameter '{paramName}' is declared twice");
            if (Significant(param).Any())
                throw Refuse(param, "a function's xsl:param takes no default value");
            parameters.Add(new XslParamSyntax(paramName, Type(param, resolver)));
        }
        var body = Instructions(nodes.Skip(parameters.Count), resolver);
        return new XslFunctionSyntax(name, parameters, type, body, namespaces, function);
    }

    private List<XslInstructionSyntax> Instructions(IEnumerable<XNode> nodes, IXmlNamespaceResolver resolver)
    {
        var instructions = new List<XslInstructionSyntax>();
        foreach (var node in nodes)
        {
            if (node is XText text)
            {
                instructions.Add(new XslTextSyntax(text.Parent!, text.Value));
                continue;
            }
            var element = (XElement)node;
            if (element.Name.Namespace != Xsl)
                throw Refuse(element, $"the literal result element {element.Name} inside xsl:function is not supported");
            instructions.Add(element.Name.LocalName switch
            {
                "variable" => Variable(element, resolver),
                "value-of" => ValueOf(element),
                "sequence" => Sequence(element),
                "choose" => Choose(element, resolver),
                "if" => If(element, resolver),
                "param" => throw Refuse(element, "xsl:param must come before the function's other instructions"),
                var other => throw Refuse(element, $"xsl:{other} is not supported inside xsl:function (supported: {SupportedInstructions})"),
            });
        }
        return instructions;
    }

    private XslVariableSyntax Variable(XElement variable, IXmlNamespaceResolver resolver)
    {
        OnlyAttributes(variable, "name", "select", "as");
        var select = (string?)variable.Attribute("select");
        var content = Instructions(Significant(variable), resolver);
        if (select is not null && content.Count > 0)
            throw Refuse(variable, "xsl:variable has both a select attribute and content");
        return new XslVariableSyntax(variable, Required(variable, "name"), select, Type(variable, resolver), content);
    }

    private XslValueOfSyntax ValueOf(XElement valueOf)
    {
        OnlyAttributes(valueOf, "select", "separator");
        if (Significant(valueOf).Any())
            throw Refuse(valueOf, "xsl:value-of with content is not supported: use its select attribute");
        return new XslValueOfSyntax(valueOf, Required(valueOf, "select"), (string?)valueOf.Attribute("separator") ?? " ");
    }

    private XslSequenceSyntax Sequence(XElement sequence)
    {
        OnlyAttributes(sequence, "select");
        if (Significant(sequence).Any())
            throw Refuse(sequence, "xsl:sequence with content is not supported: use its select attribute");
        return new XslSequenceSyntax(sequence, Required(sequence, "select"));
    }

    private XslChooseSyntax Choose(XElement choose, IXmlNamespaceResolver resolver)
    {
        OnlyAttributes(choose);
        var branches = new List<XslBranchSyntax>();
        foreach (var node in Significant(choose))
        {
            if (node is not XElement branch || branch.Name.Namespace != Xsl || branch.Name.LocalName is not ("when" or "otherwise"))
                throw Refuse(choose, "xsl:choose may hold only xsl:when and xsl:otherwise");
            if (branches.Count > 0 && branches[^1].Test is null)
                throw Refuse(branch, "xsl:otherwise must be the last branch of xsl:choose");
            var isWhen = branch.Name.LocalName == "when";
            if (isWhen)
                OnlyAttributes(branch, "test");
            else
                OnlyAttributes(branch);
            branches.Add(new XslBranchSyntax(branch, isWhen ? Required(branch, "test") : null, Instructions(Significant(branch), resolver)));
        }
        if (branches.Count == 0 || branches[0].Test is null)
            throw Refuse(choose, "xsl:choose needs an xsl:when first");
        return new XslChooseSyntax(choose, branches);
    }

    private XslChooseSyntax If(XElement element, IXmlNamespaceResolver resolver)
    {
        OnlyAttributes(element, "test");
        return new XslChooseSyntax(element, [new XslBranchSyntax(element, Required(element, "test"), Instructions(Significant(element), resolver))]);
    }

    // XSLT strips whitespace-only text from a stylesheet, and comments and processing instructions are not instructions.
    private static IEnumerable<XNode> Significant(XElement element) =>
        element.Nodes().Where(n => n is XElement || (n is XText text && !string.IsNullOrWhiteSpace(text.Value)));

    private XName FunctionName(XElement function)
    {
        var written = Required(function, "name").Trim();
        var colon = written.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            throw Refuse(function, $"the function name '{written}' needs a namespace prefix");
        var prefix = written[..colon];
        var localName = written[(colon + 1)..];
        if (!IsNcName(prefix) || !IsNcName(localName))
            throw Refuse(function, $"the function name '{written}' is not a QName");
        var uri = function.GetNamespaceOfPrefix(prefix)
            ?? throw Refuse(function, $"the prefix '{prefix}' of the function name '{written}' is not declared");
        if (ReservedNamespaces.Contains(uri.NamespaceName))
            throw Refuse(function, $"the function name '{written}' is in the reserved namespace {uri.NamespaceName}");
        return uri + localName;
    }

    private XslSequenceType? Type(XElement element, IXmlNamespaceResolver resolver) =>
        XslSequenceType.TryParse((string?)element.Attribute("as"), resolver, out var type, out var reason)
            ? type
            : throw Refuse(element, $"xsl:{element.Name.LocalName} {reason}");

    // The rule set's prefixes, overridden by the namespaces declared on the function and its ancestors (closest wins),
    // as a stylesheet generated from the Schematron would see them. The default namespace is not XPath's concern.
    private static Dictionary<string, string> InScope(XElement function, IReadOnlyDictionary<string, string> ruleSetNamespaces)
    {
        var namespaces = new Dictionary<string, string>(ruleSetNamespaces, StringComparer.Ordinal);
        foreach (var element in function.AncestorsAndSelf().Reverse())
            foreach (var declaration in element.Attributes().Where(a => a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.Xmlns))
                namespaces[declaration.Name.LocalName] = declaration.Value;
        return namespaces;
    }

    internal static XmlNamespaceManager Resolver(IReadOnlyDictionary<string, string> namespaces)
    {
        var resolver = new XmlNamespaceManager(new NameTable());
        foreach (var (prefix, uri) in namespaces)
            resolver.AddNamespace(prefix, uri);
        return resolver;
    }

    private void OnlyAttributes(XElement element, params string[] allowed)
    {
        // Attributes in another namespace are extension attributes an XSLT processor may ignore too.
        if (element.Attributes().FirstOrDefault(a => !a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.None
                && !allowed.Contains(a.Name.LocalName)) is { } unknown)
            throw Refuse(element, $"the attribute {unknown.Name} of xsl:{element.Name.LocalName} is not supported");
    }

    private string Required(XElement element, string attribute) =>
        (string?)element.Attribute(attribute) is { Length: > 0 } value
            ? value
            : throw Refuse(element, $"xsl:{element.Name.LocalName} needs a '{attribute}' attribute");

    private static bool IsNcName(string name)
    {
        try
        {
            XmlConvert.VerifyNCName(name);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private CatalogueException Refuse(XElement element, string reason) =>
        new(folder, $"{SchematronSource.Where(element)}: {reason}.");
}
