namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>An <c>sch:let</c>, compiled; its value is computed once per context (the document for schema and pattern lets).</summary>
internal sealed record Xslt2Let(string Name, Xslt2Expression Value);

/// <summary>
/// An <c>sch:assert</c> (a violation when <see cref="Test"/> is false) or <c>sch:report</c> (when true), with its
/// rule id, severity and the flag as the rule set writes it (fatal, warning, …).
/// </summary>
internal sealed record Xslt2Check(string Id, RuleSeverity Severity, string Flag, bool FiresWhenTrue, Xslt2Expression Test,
    IReadOnlyList<Xslt2MessagePart> Message);

/// <summary>Literal text, or an expression whose string value goes into the message.</summary>
internal sealed record Xslt2MessagePart(string? Text, Xslt2Expression? Expression);

/// <summary>An <c>sch:rule</c>: what selects its context nodes, its variables per node and its checks.</summary>
internal sealed record Xslt2Rule(Xslt2Expression Context, IReadOnlyList<Xslt2Let> Lets, IReadOnlyList<Xslt2Check> Checks);

/// <summary>An active <c>sch:pattern</c>: its variables (computed once per document) and its rules in order.</summary>
internal sealed record Xslt2Pattern(string? Id, IReadOnlyList<Xslt2Let> Lets, IReadOnlyList<Xslt2Rule> Rules);
