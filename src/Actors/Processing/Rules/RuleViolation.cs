using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Rules;

/// <summary>Whether a failed rule fails the message (status 311) or is only reported with it (status 301).</summary>
public enum RuleSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One business rule that a document broke (a failed <c>sch:assert</c> or a fired <c>sch:report</c>), at the
/// line and position of the node the rule was checking.
/// </summary>
public sealed record RuleViolation(string RuleId, RuleSeverity Severity, string Message, int Line, int Position)
{
    /// <summary>The rule id is the finding's code: it fits constateringcodeType because it is checked at load.</summary>
    public Finding ToFinding() => new(RuleId, Message, Line, Position);
}
