using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Actors.Processing.Rules;

/// <summary>
/// Reads an ISO Schematron file into compiled patterns. Everything outside the supported subset is refused
/// with a <see cref="CatalogueException"/> naming the construct and its line, because silently skipping a
/// rule would let through documents the operator meant to stop.
/// </summary>
internal sealed class SchematronReader
{
    public const string Namespace = "http://purl.oclc.org/dsdl/schematron";

    /// <summary>constateringcodeType allows at most 20 characters, and the rule id becomes the finding code.</summary>
    public const int MaxRuleIdLength = 20;

    private static readonly string[] QueryBindings = ["xslt", "xslt1", "xpath"];
    private static readonly string[] Ignored = ["title", "p", "diagnostics"];
    private static readonly string[] MessageMarkup = ["emph", "dir", "span"];

    private readonly string _folder;
    private readonly string _file;
    private readonly XmlNamespaceManager _namespaces;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    private SchematronReader(string folder, string file, XmlNamespaceManager namespaces)
    {
        _folder = folder;
        _file = file;
        _namespaces = namespaces;
    }

    public static IReadOnlyList<RulePattern> Read(string folder, string relativePath, IReadOnlyDictionary<string, string>? manifestNamespaces)
    {
        var schema = Load(folder, relativePath).Root!;
        var reader = new SchematronReader(folder, relativePath, CatalogueXPath.Namespaces(manifestNamespaces));
        return reader.ReadSchema(schema);
    }

    private static XDocument Load(string folder, string relativePath)
    {
        try
        {
            var resolver = new LocalSchemaResolver(folder, "Rule file");
            var uri = new Uri(Path.GetFullPath(Path.Combine(folder, relativePath)));
            using var stream = (Stream)resolver.GetEntity(uri, null, typeof(Stream));
            using var xml = XmlReader.Create(stream, SafeXml.CreateReaderSettings(), uri.AbsoluteUri);
            return XDocument.Load(xml, LoadOptions.SetLineInfo);
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CatalogueException(folder, $"rule file '{relativePath}' could not be read: {e.Message}", e);
        }
    }

    private List<RulePattern> ReadSchema(XElement schema)
    {
        if (schema.Name != Sch("schema"))
            throw Refuse(schema, $"the root element is {schema.Name}, not sch:schema in '{Namespace}'");
        var binding = (string?)schema.Attribute("queryBinding") ?? "xslt";
        if (!QueryBindings.Contains(binding.ToLowerInvariant()))
            throw Refuse(schema, $"queryBinding '{binding}' is not supported: only xslt, xslt1 and xpath (XPath 1.0), xslt2 and xpath2 (XPath 2.0)");
        if (schema.Attribute("defaultPhase") is not null)
            throw Refuse(schema, "phases (defaultPhase) are not supported: every pattern always runs");

        var patterns = new List<RulePattern>();
        foreach (var child in SchematronChildren(schema))
        {
            switch (child.Name.LocalName)
            {
                case "ns":
                    _namespaces.AddNamespace(Required(child, "prefix"), Required(child, "uri"));
                    break;
                case "pattern":
                    patterns.Add(ReadPattern(child));
                    break;
                case "let":
                    throw Refuse(child, "sch:let is supported only inside sch:rule");
                default:
                    throw Unsupported(child);
            }
        }
        return patterns;
    }

    private RulePattern ReadPattern(XElement pattern)
    {
        if ((string?)pattern.Attribute("abstract") == "true" || pattern.Attribute("is-a") is not null)
            throw Refuse(pattern, "abstract patterns (abstract, is-a) are not supported");
        var rules = new List<CompiledRule>();
        foreach (var child in SchematronChildren(pattern))
        {
            if (child.Name.LocalName == "rule")
                rules.Add(ReadRule(child));
            else if (child.Name.LocalName == "let")
                throw Refuse(child, "sch:let is supported only inside sch:rule");
            else
                throw Unsupported(child);
        }
        return new RulePattern(rules);
    }

    private CompiledRule ReadRule(XElement rule)
    {
        if ((string?)rule.Attribute("abstract") == "true")
            throw Refuse(rule, "abstract rules are not supported");
        var contextPattern = Required(rule, "context");
        // The rule's own variables are not in scope in its context (ISO Schematron), so it compiles without them.
        var context = CatalogueXPath.Compile(ContextPattern.ToSelection(contextPattern), _namespaces, _folder,
            Where(rule, $"rule context '{contextPattern}'"));

        var lets = new List<(string Name, string Value, XElement Element)>();
        var checks = new List<XElement>();
        foreach (var child in SchematronChildren(rule))
        {
            switch (child.Name.LocalName)
            {
                case "let":
                    if (child.Attribute("value") is null)
                        throw Refuse(child, "an sch:let needs a value attribute (a let with element content is not supported)");
                    var name = Required(child, "name");
                    if (lets.Any(l => l.Name == name))
                        throw Refuse(child, $"the variable '{name}' is declared twice in this rule");
                    lets.Add((name, Required(child, "value"), child));
                    break;
                case "assert" or "report":
                    checks.Add(child);
                    break;
                default:
                    throw Unsupported(child);
            }
        }

        // Variables and the expressions that use them are compiled against a scope knowing their names, so
        // an undeclared $name is refused here; a rule without variables needs no scope.
        var namespaces = _namespaces.GetNamespacesInScope(XmlNamespaceScope.ExcludeXml).ToDictionary();
        IXmlNamespaceResolver scope = lets.Count == 0 ? _namespaces : new RuleScope(namespaces, lets.Select(l => l.Name));
        var compiledLets = lets.Select(l =>
            new RuleLet(l.Name, CatalogueXPath.Compile(l.Value, scope, _folder, Where(l.Element, $"sch:let '{l.Name}'")))).ToList();
        return new CompiledRule(context, compiledLets, [.. checks.Select(c => ReadCheck(c, scope))], namespaces);
    }

    private RuleCheck ReadCheck(XElement check, IXmlNamespaceResolver scope)
    {
        var id = Required(check, "id");
        if (id.Length > MaxRuleIdLength)
            throw Refuse(check, $"the id '{id}' is longer than {MaxRuleIdLength} characters (it becomes the finding code)");
        if (!_ids.Add(id))
            throw Refuse(check, $"the id '{id}' is used more than once in this file");

        var where = Where(check, $"{check.Name.LocalName} '{id}'");
        var test = Required(check, "test");
        var compiledTest = CompileWrapped("boolean", test, scope, $"{where} test");
        var message = check.Nodes().Select(n => ReadMessagePart(n, scope, where)).ToList();
        return new RuleCheck(id, Severity(check), check.Name.LocalName == "report", compiledTest, message);
    }

    private MessagePart ReadMessagePart(XNode node, IXmlNamespaceResolver scope, string where)
    {
        if (node is XText text)
            return new MessagePart(text.Value, null);
        if (node is not XElement element)
            return new MessagePart("", null);
        if (element.Name.Namespace != Namespace)
            throw Refuse(element, $"{element.Name} inside a message is not supported");
        return element.Name.LocalName switch
        {
            "value-of" => new MessagePart(null, CompileWrapped("string", Required(element, "select"), scope, $"{where} sch:value-of")),
            "name" => new MessagePart(null, CompileWrapped("name", (string?)element.Attribute("path") ?? ".", scope, $"{where} sch:name")),
            _ when MessageMarkup.Contains(element.Name.LocalName) => new MessagePart(element.Value, null),
            _ => throw Unsupported(element),
        };
    }

    // The raw expression is compiled first so that an error quotes what the operator wrote.
    private XPathExpression CompileWrapped(string function, string expression, IXmlNamespaceResolver scope, string where)
    {
        CatalogueXPath.Compile(expression, scope, _folder, where);
        return CatalogueXPath.Compile($"{function}(({expression}))", scope, _folder, where);
    }

    private RuleSeverity Severity(XElement check)
    {
        var value = (string?)check.Attribute("role") ?? (string?)check.Attribute("flag");
        return value?.ToLowerInvariant() switch
        {
            null or "error" or "fatal" => RuleSeverity.Error,
            "warning" or "warn" or "information" or "info" => RuleSeverity.Warning,
            _ => throw Refuse(check, $"the role/flag '{value}' is not a severity: use error, fatal, warning, warn or information"),
        };
    }

    // Elements of other namespaces (xsl:key, documentation) may appear anywhere in ISO Schematron; they are skipped.
    private IEnumerable<XElement> SchematronChildren(XElement parent) =>
        parent.Elements().Where(e => e.Name.Namespace == Namespace && !Ignored.Contains(e.Name.LocalName));

    private string Required(XElement element, string attribute) =>
        (string?)element.Attribute(attribute) is { Length: > 0 } value
            ? value
            : throw Refuse(element, $"sch:{element.Name.LocalName} needs a '{attribute}' attribute");

    private CatalogueException Unsupported(XElement element) =>
        Refuse(element, $"sch:{element.Name.LocalName} is not supported here (supported: ns, pattern, rule, let in a rule, assert, report, value-of, name)");

    private CatalogueException Refuse(XElement element, string reason) =>
        new(_folder, $"{Where(element, "")}{reason}.");

    private string Where(XElement element, string what)
    {
        var line = ((IXmlLineInfo)element).LineNumber;
        return what.Length == 0 ? $"{_file} (line {line}): " : $"{_file} (line {line}) {what}";
    }

    private static XName Sch(string localName) => XName.Get(localName, Namespace);
}
