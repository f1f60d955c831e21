using System.Collections;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.XPath;
using Digipoort.Actors.Processing.Validation;
using Wmhelp.XPath2;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// A published ISO Schematron rule set with <c>queryBinding="xslt2"</c> (SI-UBL 2.0 / NLCIUS with the CEN EN 16931
/// rules, Peppol BIS Billing 3, XRechnung), run as published through the XPath 2.0 library <c>XPath2</c>: schema and
/// pattern variables once per document, then per pattern each rule's context nodes in document order (a node
/// that an earlier rule of the pattern fired on is skipped, as ISO Schematron says), per node its variables and
/// checks. Immutable after loading and evaluated by many threads at once: each evaluation has its own variables and
/// runs each expression on a compiled copy no other evaluation is using (see <see cref="Xslt2Expression"/>).
/// </summary>
internal sealed partial class Xslt2RuleSet
{
    private readonly IReadOnlyList<Xslt2Let> _lets;
    private readonly IReadOnlyList<Xslt2Pattern> _patterns;

    private Xslt2RuleSet(IReadOnlyList<Xslt2Let> lets, IReadOnlyList<Xslt2Pattern> patterns)
    {
        _lets = lets;
        _patterns = patterns;
    }

    public int AssertionCount => _patterns.Sum(p => p.Rules.Sum(r => r.Checks.Count));

    /// <summary>Reads, prepares and compiles the rule set; throws <see cref="Catalogue.CatalogueException"/>.</summary>
    public static Xslt2RuleSet Load(string folder, string relativePath, IReadOnlyDictionary<string, string>? manifestNamespaces, string? phase)
    {
        var schema = SchematronSource.Read(folder, relativePath);
        var (lets, patterns) = Xslt2RuleReader.Read(folder, schema, manifestNamespaces, phase);
        return new Xslt2RuleSet(lets, patterns);
    }

    public List<RuleViolation> Evaluate(XPathNavigator document, int maxViolations, CancellationToken ct)
    {
        var root = document.Clone();
        root.MoveToRoot();
        var violations = new List<RuleViolation>();
        try
        {
            Dictionary<XmlQualifiedName, object> globals;
            try
            {
                globals = Bind(_lets, root, new Dictionary<XmlQualifiedName, object>());
            }
            catch (NotEvaluated e)
            {
                // No rule can be decided without the schema's variables.
                if (FirstCheckId(_patterns.SelectMany(p => p.Rules)) is { } id)
                    violations.Add(Undecided(id, e, root));
                return violations;
            }
            foreach (var pattern in _patterns)
                EvaluatePattern(pattern, root, globals, violations, maxViolations, ct);
        }
        catch (TooManyViolations)
        {
            // The note saying so is the last violation.
        }
        return violations;
    }

    private static void EvaluatePattern(Xslt2Pattern pattern, XPathNavigator root, Dictionary<XmlQualifiedName, object> globals,
        List<RuleViolation> violations, int maxViolations, CancellationToken ct)
    {
        Dictionary<XmlQualifiedName, object> variables;
        try
        {
            variables = pattern.Lets.Count == 0 ? globals : Bind(pattern.Lets, root, new Dictionary<XmlQualifiedName, object>(globals));
        }
        catch (NotEvaluated e)
        {
            if (FirstCheckId(pattern.Rules) is { } id)
                Add(violations, Undecided(id, e, root), root, maxViolations);
            return;
        }
        var fired = pattern.Rules.Count > 1 ? new Hashtable(XPathNavigator.NavigatorComparer) : null;
        foreach (var rule in pattern.Rules)
        {
            IReadOnlyList<XPathNavigator> nodes;
            try
            {
                nodes = ContextNodes(rule.Context, root, variables);
            }
            catch (NotEvaluated e)
            {
                if (FirstCheckId([rule]) is { } id)
                    Add(violations, Undecided(id, e, root), root, maxViolations);
                continue;
            }
            foreach (var node in nodes)
            {
                ct.ThrowIfCancellationRequested();
                if (fired is not null)
                {
                    if (fired.ContainsKey(node))
                        continue;
                    fired.Add(node.Clone(), null);
                }
                Dictionary<XmlQualifiedName, object> scope;
                try
                {
                    scope = rule.Lets.Count == 0 ? variables : Bind(rule.Lets, node, new Dictionary<XmlQualifiedName, object>(variables));
                }
                catch (NotEvaluated e)
                {
                    if (FirstCheckId([rule]) is { } id)
                        Add(violations, Undecided(id, e, node), node, maxViolations);
                    continue;
                }
                foreach (var check in rule.Checks)
                    if (Check(check, node, scope) is { } violation)
                        Add(violations, violation, node, maxViolations);
            }
        }
    }

    private static void Add(List<RuleViolation> violations, RuleViolation violation, XPathNavigator node, int maxViolations)
    {
        if (violations.Count == maxViolations)
        {
            var (line, position) = PositionOf(node);
            violations.Add(new RuleViolation(BusinessRules.TruncatedRuleId, RuleSeverity.Error,
                $"Rule evaluation stopped after {maxViolations} violations; the rest of the document was not checked.", line, position));
            throw new TooManyViolations();
        }
        violations.Add(violation);
    }

    private static List<XPathNavigator> ContextNodes(Xslt2Expression context, XPathNavigator root,
        Dictionary<XmlQualifiedName, object> variables)
    {
        try
        {
            var result = context.Evaluate(new NodeProvider(root), variables);
            if (result is XPathNavigator single)
                return [single];
            return result is IEnumerable items ? items.OfType<XPathNavigator>().ToList() : [];
        }
        catch (Exception e) when (IsDynamicError(e))
        {
            throw new NotEvaluated("its context", e);
        }
    }

    private static Dictionary<XmlQualifiedName, object> Bind(IReadOnlyList<Xslt2Let> lets, XPathNavigator context,
        Dictionary<XmlQualifiedName, object> variables)
    {
        foreach (var let in lets)
        {
            try
            {
                variables[new XmlQualifiedName(let.Name)] = let.Value.Evaluate(new NodeProvider(context), variables);
            }
            catch (Exception e) when (IsDynamicError(e))
            {
                throw new NotEvaluated($"the variable ${let.Name}", e);
            }
        }
        return variables;
    }

    private static RuleViolation? Check(Xslt2Check check, XPathNavigator node, Dictionary<XmlQualifiedName, object> variables)
    {
        var (line, position) = PositionOf(node);
        try
        {
            if ((bool)check.Test.Evaluate(new NodeProvider(node), variables) != check.FiresWhenTrue)
                return null;
            var text = new StringBuilder();
            foreach (var part in check.Message)
                text.Append(part.Text ?? XPath2Convert.ToString(part.Expression!.Evaluate(new NodeProvider(node), variables)));
            var message = Whitespace().Replace(text.ToString(), " ").Trim();
            if (message.Length == 0)
                message = $"Rule {check.Id} failed.";
            return new RuleViolation(check.Id, check.Severity, XmlFindings.Shorten($"{check.Flag}: {message} (at {PathOf(node)})"), line, position);
        }
        catch (Exception e) when (IsDynamicError(e))
        {
            // An XSLT processor stops the whole validation with a dynamic error here; a gateway reports the rule
            // that could not be decided and refuses the document rather than pass it unchecked.
            return new RuleViolation(check.Id, RuleSeverity.Error,
                XmlFindings.Shorten($"Rule {check.Id} could not be evaluated here: {e.Message} (at {PathOf(node)})"), line, position);
        }
    }

    // A variable or context that cannot be computed leaves the rules that need it undecided: an error on the first of them.
    private static RuleViolation Undecided(string id, NotEvaluated e, XPathNavigator node)
    {
        var (line, position) = PositionOf(node);
        return new RuleViolation(id, RuleSeverity.Error,
            XmlFindings.Shorten($"Rule {id} could not be evaluated here: {e.Message} (at {PathOf(node)})"), line, position);
    }

    private static string? FirstCheckId(IEnumerable<Xslt2Rule> rules) => rules.SelectMany(r => r.Checks).Select(c => c.Id).FirstOrDefault();

    /// <summary>
    /// What evaluating a rule on a document can throw: the library's dynamic errors (a cast that fails, a sequence
    /// where one item is needed, a regular expression from the document that does not parse, …), including those
    /// of the rule set's functions (<see cref="XslFunction"/>: nested too deep, stack running low).
    /// </summary>
    private static bool IsDynamicError(Exception e) =>
        e is XPath2Exception or InvalidCastException or FormatException or OverflowException or XPathException or ArgumentException
            or DivideByZeroException or InsufficientExecutionStackException;

    /// <summary>An XPath to <paramref name="node"/> with the document's own prefixes, e.g. <c>/Invoice[1]/cac:AccountingSupplierParty[1]/cac:Party[1]</c>.</summary>
    internal static string PathOf(XPathNavigator node)
    {
        var steps = new List<string>();
        for (var at = node.Clone(); at.NodeType != XPathNodeType.Root; at.MoveToParent())
        {
            steps.Add(at.NodeType switch
            {
                XPathNodeType.Attribute => "@" + at.Name,
                XPathNodeType.Element => $"{at.Name}[{SiblingIndex(at)}]",
                XPathNodeType.Text or XPathNodeType.Whitespace or XPathNodeType.SignificantWhitespace => "text()",
                _ => at.NodeType.ToString().ToLowerInvariant() + "()",
            });
        }
        steps.Reverse();
        return "/" + string.Join("/", steps);
    }

    // The 1-based position of an element among its siblings of the same name.
    private static int SiblingIndex(XPathNavigator element)
    {
        var at = element.Clone();
        var index = 1;
        while (at.MoveToPrevious())
            if (at.NodeType == XPathNodeType.Element && at.LocalName == element.LocalName && at.NamespaceURI == element.NamespaceURI)
                index++;
        return index;
    }

    private static (int Line, int Position) PositionOf(XPathNavigator node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed class TooManyViolations : Exception;

    // A schema, pattern or rule variable or a rule context that hit a dynamic error.
    private sealed class NotEvaluated(string what, Exception inner) : Exception($"{what}: {inner.Message}", inner);
}
