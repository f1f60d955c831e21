using System.Collections;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.XPath;
using Digipoort.Actors.Processing.Rules.Xslt2;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Actors.Processing.Rules;

/// <summary>
/// The business rules of one berichtsoort: an ISO Schematron file compiled when the catalogue loads and
/// evaluated over documents that passed their schema. <c>queryBinding="xslt2"</c> (the published e-invoicing
/// rule sets) runs as XPath 2.0 (see <see cref="Xslt2RuleSet"/>); xslt, xslt1 and xpath run as the XPath 1.0
/// subset of <see cref="SchematronReader"/>. Immutable after loading; <see cref="Evaluate"/> may run on many
/// threads at once.
/// </summary>
public sealed partial class BusinessRules
{
    /// <summary>A document breaking thousands of rules gets this many violations and a note, as schema validation does.</summary>
    public const int MaxViolations = 1000;

    /// <summary>The id of the violation that says evaluation stopped at <see cref="MaxViolations"/>.</summary>
    public const string TruncatedRuleId = "RULES-TRUNCATED";

    private readonly IReadOnlyList<RulePattern> _patterns;
    private readonly Xslt2RuleSet? _xslt2;

    private BusinessRules(IReadOnlyList<RulePattern> patterns)
    {
        _patterns = patterns;
        AssertionCount = patterns.Sum(p => p.Rules.Sum(r => r.Checks.Count));
    }

    private BusinessRules(Xslt2RuleSet rules)
    {
        _patterns = [];
        _xslt2 = rules;
        AssertionCount = rules.AssertionCount;
    }

    /// <summary>The number of asserts and reports.</summary>
    public int AssertionCount { get; }

    /// <summary>
    /// Reads and compiles <paramref name="relativePath"/> inside <paramref name="folder"/>; prefixes come from
    /// <paramref name="manifestNamespaces"/> and the file's own <c>sch:ns</c> (which win). Throws
    /// <see cref="Catalogue.CatalogueException"/> for anything unreadable, unsupported or not compiling.
    /// <paramref name="phase"/> picks the patterns of an <c>sch:phase</c> (xslt2 rule sets only); null means the
    /// rule set's defaultPhase, or every pattern. The xslt2 and xpath2 bindings run as XPath 2.0.
    /// </summary>
    public static BusinessRules Load(string folder, string relativePath, IReadOnlyDictionary<string, string>? manifestNamespaces = null,
        string? phase = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        if (QueryBinding(folder, relativePath)?.ToLowerInvariant() is "xslt2" or "xpath2")
            return new BusinessRules(Xslt2RuleSet.Load(folder, relativePath, manifestNamespaces, phase));
        if (phase is not null)
            throw new Catalogue.CatalogueException(folder,
                $"rule file '{relativePath}': a phase ('{phase}') is supported only for queryBinding=\"xslt2\" rule sets.");
        return new BusinessRules(SchematronReader.Read(folder, relativePath, manifestNamespaces));
    }

    // The root's queryBinding picks the engine; a file that cannot be read is reported by the reader it goes to.
    private static string? QueryBinding(string folder, string relativePath)
    {
        try
        {
            var uri = new Uri(Path.GetFullPath(Path.Combine(folder, relativePath)));
            using var stream = (Stream)new Catalogue.LocalSchemaResolver(folder, "Rule file").GetEntity(uri, null, typeof(Stream));
            using var reader = XmlReader.Create(stream, SafeXml.CreateReaderSettings());
            return reader.MoveToContent() == XmlNodeType.Element ? reader.GetAttribute("queryBinding") : null;
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads <paramref name="document"/> (left open) for <see cref="Evaluate"/>: the SafeXml settings, with line
    /// information kept for the violations. An <see cref="XPathDocument"/> is a read-only tree, far smaller
    /// than an XmlDocument, but it does hold the whole document: rules run after schema validation, which
    /// has already streamed through the document and bounded its size and depth.
    /// </summary>
    public static XPathDocument LoadDocument(Stream document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var reader = XmlReader.Create(document, SafeXml.CreateReaderSettings());
        return new XPathDocument(reader);
    }

    /// <summary>
    /// Every violation: per pattern, per rule, the context nodes in document order and per node the checks in
    /// file order. After <see cref="MaxViolations"/> evaluation stops with one error saying so.
    /// </summary>
    public IReadOnlyList<RuleViolation> Evaluate(XPathNavigator document, CancellationToken ct) =>
        Evaluate(document, MaxViolations, ct);

    internal IReadOnlyList<RuleViolation> Evaluate(XPathNavigator document, int maxViolations, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (_xslt2 is not null)
            return _xslt2.Evaluate(document, maxViolations, ct);
        var violations = new List<RuleViolation>();
        try
        {
            foreach (var pattern in _patterns)
                EvaluatePattern(pattern, document, violations, maxViolations, ct);
        }
        catch (TooManyViolations)
        {
            // The note saying so is the last violation.
        }
        return violations;
    }

    private static void EvaluatePattern(RulePattern pattern, XPathNavigator document, List<RuleViolation> violations,
        int maxViolations, CancellationToken ct)
    {
        // ISO Schematron: a node that one rule of a pattern has fired on is not checked by the later rules
        // of that pattern. Only a pattern with several rules needs to remember them.
        var fired = pattern.Rules.Count > 1 ? new Hashtable(XPathNavigator.NavigatorComparer) : null;
        foreach (var compiled in pattern.Rules)
        {
            // Variables live in a scope of this evaluation, so concurrent evaluations never share values.
            var (rule, scope) = compiled.Lets.Count == 0 ? (compiled, null) : compiled.Bind();
            var nodes = document.Select(rule.Context);
            while (nodes.MoveNext())
            {
                ct.ThrowIfCancellationRequested();
                var node = nodes.Current!;
                if (fired is not null)
                {
                    if (fired.ContainsKey(node))
                        continue;
                    fired.Add(node.Clone(), null);
                }
                foreach (var let in rule.Lets)
                    scope!.Set(let.Name, node.Evaluate(let.Value));
                foreach (var check in rule.Checks)
                {
                    if ((bool)node.Evaluate(check.Test) != check.FiresWhenTrue)
                        continue;
                    if (violations.Count == maxViolations)
                    {
                        violations.Add(Truncated(maxViolations, node));
                        throw new TooManyViolations();
                    }
                    violations.Add(Violation(check, node));
                }
            }
        }
    }

    private static RuleViolation Violation(RuleCheck check, XPathNavigator node)
    {
        var text = new StringBuilder();
        foreach (var part in check.Message)
            text.Append(part.Text ?? (string)node.Evaluate(part.Expression!));
        var message = Whitespace().Replace(text.ToString(), " ").Trim();
        if (message.Length == 0)
            message = $"Rule {check.Id} failed.";
        var (line, position) = PositionOf(node);
        return new RuleViolation(check.Id, check.Severity, XmlFindings.Shorten(message), line, position);
    }

    private static RuleViolation Truncated(int max, XPathNavigator node)
    {
        var (line, position) = PositionOf(node);
        return new RuleViolation(TruncatedRuleId, RuleSeverity.Error,
            $"Rule evaluation stopped after {max} violations; the rest of the document was not checked.", line, position);
    }

    private static (int Line, int Position) PositionOf(XPathNavigator node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed class TooManyViolations : Exception;
}
