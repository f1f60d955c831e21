using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Digipoort.Actors.Processing.Catalogue;
using Wmhelp.XPath2;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// Compiles an ISO Schematron rule set with <c>queryBinding="xslt2"</c> (as <see cref="SchematronSource"/> prepared
/// it) into XPath 2.0 expressions: namespaces, the <c>xsl:function</c>s it declares (see <see cref="XslFunctionLoader"/>),
/// variables of the schema, its patterns and rules, phases, abstract rules (<c>extends</c>), asserts and reports with
/// their messages. Whatever it cannot run as the rule set means it (other XSLT such as keys, unknown functions, an
/// undeclared variable) refuses the rule set at load with the construct, file and line named: a rule silently
/// skipped would let through documents the rule set stops.
/// </summary>
internal sealed partial class Xslt2RuleReader
{
    public const string XsltNamespace = "http://www.w3.org/1999/XSL/Transform";

    private static readonly XNamespace Sch = SchematronSource.Namespace;
    private static readonly string[] Documentation = ["title", "p", "diagnostics", "properties"];
    private static readonly string[] MessageMarkup = ["emph", "dir", "span"];

    private readonly string _folder;
    private readonly XmlNamespaceManager _namespaces = new(new NameTable());
    private readonly Dictionary<string, XElement> _abstractRules = new(StringComparer.Ordinal);

    // The unique namespaces of the rule set's functions, by the namespace they were declared in.
    private IReadOnlyDictionary<string, string> _functionNamespaces = new Dictionary<string, string>();
    private IReadOnlySet<string> _functionPrefixes = new HashSet<string>();

    private Xslt2RuleReader(string folder) => _folder = folder;

    /// <summary>The patterns active in <paramref name="phase"/> (null: the schema's defaultPhase, else all), compiled.</summary>
    public static (IReadOnlyList<Xslt2Let> Lets, IReadOnlyList<Xslt2Pattern> Patterns) Read(string folder, XElement schema,
        IReadOnlyDictionary<string, string>? manifestNamespaces, string? phase)
    {
        var reader = new Xslt2RuleReader(folder);
        foreach (var (prefix, uri) in manifestNamespaces ?? new Dictionary<string, string>())
            reader._namespaces.AddNamespace(prefix, uri);
        return reader.ReadSchema(schema, phase);
    }

    private (IReadOnlyList<Xslt2Let>, IReadOnlyList<Xslt2Pattern>) ReadSchema(XElement schema, string? phase)
    {
        if (schema.Name != Sch + "schema")
            throw Refuse(schema, $"the root element is {schema.Name}, not sch:schema");
        foreach (var foreign in schema.Descendants().Where(e => e.Name.Namespace == XsltNamespace && !InFunction(e, schema)))
            throw Refuse(foreign, $"xsl:{foreign.Name.LocalName} is not supported (of XSLT only xsl:function, directly in sch:schema, is run)");

        foreach (var ns in schema.Elements(Sch + "ns"))
            _namespaces.AddNamespace(Required(ns, "prefix"), Required(ns, "uri"));
        _functionNamespaces = XslFunctionLoader.Load(_folder, schema, _namespaces, FunctionBodyCompiler);
        _functionPrefixes = FunctionPrefixes(_namespaces.GetNamespacesInScope(XmlNamespaceScope.ExcludeXml));
        foreach (var rule in schema.Descendants(Sch + "rule").Where(r => (string?)r.Attribute("abstract") == "true"))
            if (!_abstractRules.TryAdd(Required(rule, "id"), rule))
                throw Refuse(rule, $"the abstract rule '{rule.Attribute("id")!.Value}' is declared twice");

        var globals = new List<string>();
        var lets = ReadLets(schema.Elements(Sch + "let"), globals, "schema");
        var active = ActivePatterns(schema, phase);
        var patterns = new List<Xslt2Pattern>();
        foreach (var pattern in schema.Elements(Sch + "pattern"))
        {
            var id = (string?)pattern.Attribute("id");
            if (active is not null && (id is null || !active.Contains(id)))
                continue;
            patterns.Add(ReadPattern(pattern, globals));
        }
        foreach (var child in schema.Elements().Where(e => e.Name.Namespace == Sch))
            if (child.Name.LocalName is not ("ns" or "let" or "pattern" or "phase") && !Documentation.Contains(child.Name.LocalName))
                throw Unsupported(child);
        return (lets, patterns);
    }

    private HashSet<string>? ActivePatterns(XElement schema, string? phase)
    {
        phase ??= (string?)schema.Attribute("defaultPhase");
        if (phase is null or "#ALL")
            return null;
        var declared = schema.Elements(Sch + "phase").FirstOrDefault(p => (string?)p.Attribute("id") == phase)
            ?? throw Refuse(schema, $"the phase '{phase}' is not declared (declared: "
                + $"{string.Join(", ", schema.Elements(Sch + "phase").Select(p => (string?)p.Attribute("id")))})");
        if (declared.Elements(Sch + "let").Any())
            throw Refuse(declared, "sch:let inside an sch:phase is not supported");
        var ids = declared.Elements(Sch + "active").Select(a => Required(a, "pattern")).ToHashSet(StringComparer.Ordinal);
        var known = schema.Elements(Sch + "pattern").Select(p => (string?)p.Attribute("id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (ids.FirstOrDefault(id => !known.Contains(id)) is { } missing)
            throw Refuse(declared, $"the phase activates the pattern '{missing}', which is not in the rule set");
        return ids;
    }

    private Xslt2Pattern ReadPattern(XElement pattern, List<string> globals)
    {
        var inScope = new List<string>(globals);
        var lets = ReadLets(pattern.Elements(Sch + "let"), inScope, "pattern");
        var rules = new List<Xslt2Rule>();
        foreach (var child in pattern.Elements().Where(e => e.Name.Namespace == Sch))
        {
            switch (child.Name.LocalName)
            {
                case "rule" when (string?)child.Attribute("abstract") == "true":
                    break;
                case "rule":
                    rules.Add(ReadRule(child, inScope));
                    break;
                case "let" or "param":
                    break;
                case var name when Documentation.Contains(name):
                    break;
                default:
                    throw Unsupported(child);
            }
        }
        return new Xslt2Pattern((string?)pattern.Attribute("id"), lets, rules);
    }

    private Xslt2Rule ReadRule(XElement rule, List<string> patternScope)
    {
        var contextPattern = Required(rule, "context");
        // The rule's own variables are not in scope in its context (ISO Schematron).
        var context = Compile(ContextPattern.ToSelection(contextPattern), rule, $"rule context '{contextPattern}'", patternScope);
        var scope = new List<string>(patternScope);
        var body = Body(rule, []).ToList();
        var lets = ReadLets(body.Where(e => e.Name == Sch + "let"), scope, "rule");
        var checks = body.Where(e => e.Name == Sch + "assert" || e.Name == Sch + "report")
            .Select(check => ReadCheck(check, rule, scope)).ToList();
        return new Xslt2Rule(context, lets, checks);
    }

    // A rule's lets, asserts and reports, with those of the abstract rules it extends in place.
    private IEnumerable<XElement> Body(XElement rule, HashSet<string> extending)
    {
        foreach (var child in rule.Elements().Where(e => e.Name.Namespace == Sch))
        {
            switch (child.Name.LocalName)
            {
                case "let" or "assert" or "report":
                    yield return child;
                    break;
                case "extends":
                    var id = Required(child, "rule");
                    if (!_abstractRules.TryGetValue(id, out var target))
                        throw Refuse(child, $"sch:extends names '{id}', which is no abstract rule");
                    if (!extending.Add(id))
                        throw Refuse(child, $"sch:extends '{id}' extends itself");
                    foreach (var inherited in Body(target, extending))
                        yield return inherited;
                    extending.Remove(id);
                    break;
                case var name when Documentation.Contains(name):
                    break;
                default:
                    throw Unsupported(child);
            }
        }
    }

    private List<Xslt2Let> ReadLets(IEnumerable<XElement> lets, List<string> scope, string where)
    {
        var compiled = new List<Xslt2Let>();
        foreach (var let in lets)
        {
            var name = Required(let, "name");
            var value = (string?)let.Attribute("value")
                ?? throw Refuse(let, $"an sch:let in a {where} needs a value attribute (a let with element content is not supported)");
            compiled.Add(new Xslt2Let(name, Compile(value, let, $"sch:let '{name}'", scope)));
            // Visible from the next expression on; a later let of the same name shadows it, as in XSLT.
            scope.Add(name);
        }
        return compiled;
    }

    private Xslt2Check ReadCheck(XElement check, XElement rule, List<string> scope)
    {
        var test = Required(check, "test");
        var message = check.Nodes().Select(n => ReadMessagePart(n, scope)).ToList();
        var id = (string?)check.Attribute("id") ?? IdInMessage(check) ?? throw Refuse(check,
            $"sch:{check.Name.LocalName} has no id and its message does not start with one in brackets: a finding needs a rule id");
        if (id.Length > SchematronReader.MaxRuleIdLength)
            throw Refuse(check, $"the id '{id}' is longer than {SchematronReader.MaxRuleIdLength} characters (it becomes the finding code)");
        var flag = (string?)check.Attribute("flag") ?? (string?)check.Attribute("role") ?? (string?)rule.Attribute("flag")
            ?? (string?)rule.Attribute("role") ?? "error";
        var severity = flag.ToLowerInvariant() switch
        {
            "error" or "fatal" => RuleSeverity.Error,
            "warning" or "warn" or "information" or "info" => RuleSeverity.Warning,
            _ => throw Refuse(check, $"the flag/role '{flag}' is not a severity: use fatal, error, warning or information"),
        };
        var compiled = Compile($"boolean(({test}))", check, $"{check.Name.LocalName} '{id}' test", scope, test);
        return new Xslt2Check(id, severity, flag, check.Name.LocalName == "report", compiled, message);
    }

    // Published rule sets without ids (SI-UBL's version check) start their message with the rule id: "[SI-V20-INV-R000]-…".
    private static string? IdInMessage(XElement check) =>
        LeadingId().Match(check.Value) is { Success: true } match ? match.Groups[1].Value : null;

    private Xslt2MessagePart ReadMessagePart(XNode node, List<string> scope)
    {
        if (node is XText text)
            return new Xslt2MessagePart(text.Value, null);
        if (node is not XElement element)
            return new Xslt2MessagePart("", null);
        if (element.Name.Namespace != Sch)
            throw Refuse(element, $"{element.Name} inside a message is not supported");
        return element.Name.LocalName switch
        {
            // As xsl:value-of in XSLT 2.0: the string values of the sequence, separated by spaces.
            "value-of" => new Xslt2MessagePart(null, Compile(
                $"string-join(for $digipoort-item in ({Required(element, "select")}) return string($digipoort-item), ' ')",
                element, "sch:value-of", scope, Required(element, "select"))),
            "name" => new Xslt2MessagePart(null, Compile($"name(({(string?)element.Attribute("path") ?? "."}))", element, "sch:name", scope,
                (string?)element.Attribute("path") ?? ".")),
            var markup when MessageMarkup.Contains(markup) => new Xslt2MessagePart(element.Value, null),
            _ => throw Unsupported(element),
        };
    }

    /// <summary>
    /// Compiles <paramref name="expression"/> after checking that every variable it reads is declared in
    /// <paramref name="scope"/> (the XPath 2.0 library would only find out when it runs). Errors quote what the
    /// rule set wrote (<paramref name="written"/>), not the wrapper around it.
    /// </summary>
    private Xslt2Expression Compile(string expression, XElement where, string what, IReadOnlyCollection<string> scope, string? written = null) =>
        Compile(expression, where, what, scope, written ?? expression, _namespaces, _functionPrefixes, "which no sch:let in scope declares");

    // An xsl:function's body sees its parameters and variables (not the rule set's lets) with its own namespaces.
    private XslExpressionCompiler FunctionBodyCompiler(IReadOnlyDictionary<string, string> namespaces)
    {
        var resolver = XslFunctionParser.Resolver(namespaces);
        var functionPrefixes = FunctionPrefixes(namespaces);
        return (expression, where, what, scope, written) => Compile(expression, where, what, scope, written, resolver, functionPrefixes,
            "which is no parameter or variable of the function in scope (a function does not see the rule set's sch:let variables)");
    }

    private Xslt2Expression Compile(string expression, XElement where, string what, IReadOnlyCollection<string> scope, string written,
        IXmlNamespaceResolver namespaces, IReadOnlySet<string> functionPrefixes, string undeclaredReason)
    {
        if (UndeclaredVariable(written, scope) is { } undeclared)
            throw Refuse(where, $"{what}: '{written}' reads the variable ${undeclared}, {undeclaredReason}");
        if (NameInFunctionNamespace(written, functionPrefixes) is { } name)
            throw Refuse(where, $"{what}: '{written}' uses the name {name}, but its prefix is bound to the namespace of the rule set's "
                + "xsl:functions, which is supported for function calls only");
        try
        {
            return Xslt2Expression.Compile(expression, namespaces);
        }
        catch (Exception e) when (e is XPath2Exception or XmlException or ArgumentException or InvalidCastException)
        {
            throw Refuse(where, $"{what}: '{written}' is not an XPath 2.0 expression that can run here: {AsDeclared(e.Message)}");
        }
    }

    private IReadOnlySet<string> FunctionPrefixes(IEnumerable<KeyValuePair<string, string>> namespaces) =>
        namespaces.Where(b => b.Key.Length > 0 && _functionNamespaces.Values.Contains(b.Value)).Select(b => b.Key).ToHashSet(StringComparer.Ordinal);

    // Messages name a function's namespace as the rule set declared it, not the unique one it is registered under.
    private string AsDeclared(string message) =>
        _functionNamespaces.Aggregate(message, (text, ns) => text.Replace(ns.Value, ns.Key, StringComparison.Ordinal));

    private static bool InFunction(XElement element, XElement schema) =>
        element.AncestorsAndSelf().Any(e => e.Name == XName.Get("function", XsltNamespace) && e.Parent == schema);

    // A prefix:name outside string literals that is not followed by "(" (a function call) and not a variable ($p:name).
    private static string? NameInFunctionNamespace(string expression, IReadOnlySet<string> functionPrefixes) =>
        functionPrefixes.Count == 0
            ? null
            : PrefixedName().Matches(Literal().Replace(expression, "''"))
                .FirstOrDefault(m => functionPrefixes.Contains(m.Groups[1].Value) && !m.Groups[3].Success)?.Value;

    // $name references outside string literals, less the ones the expression binds itself (for/some/every $x in).
    private static string? UndeclaredVariable(string expression, IReadOnlyCollection<string> scope)
    {
        var withoutLiterals = Literal().Replace(expression, "''");
        var bound = Binding().Matches(withoutLiterals).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return Reference().Matches(withoutLiterals).Select(m => m.Groups[1].Value)
            .FirstOrDefault(name => !bound.Contains(name) && !scope.Contains(name));
    }

    private string Required(XElement element, string attribute) =>
        (string?)element.Attribute(attribute) is { Length: > 0 } value
            ? value
            : throw Refuse(element, $"sch:{element.Name.LocalName} needs a '{attribute}' attribute");

    private CatalogueException Unsupported(XElement element) =>
        Refuse(element, $"sch:{element.Name.LocalName} is not supported here");

    private CatalogueException Refuse(XElement element, string reason) =>
        new(_folder, $"{SchematronSource.Where(element)}: {reason}.");

    [GeneratedRegex(@"^\s*\[([A-Za-z0-9][A-Za-z0-9_.\-]*)\]")]
    private static partial Regex LeadingId();

    [GeneratedRegex("\"[^\"]*\"|'[^']*'")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\$([\p{L}_][\p{L}\p{Nd}_.\-]*)\s+in\s")]
    private static partial Regex Binding();

    [GeneratedRegex(@"\$([\p{L}_][\p{L}\p{Nd}_.\-]*)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}_.\-$])([\p{L}_][\p{L}\p{Nd}_.\-]*):(?!:)(\*|[\p{L}_][\p{L}\p{Nd}_.\-]*)(\s*\()?")]
    private static partial Regex PrefixedName();
}
