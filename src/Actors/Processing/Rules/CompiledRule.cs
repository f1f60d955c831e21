using System.Xml.XPath;

namespace Digipoort.Actors.Processing.Rules;

/// <summary>An <c>sch:pattern</c>: its rules in file order; a node is checked by the first rule whose context matches it.</summary>
internal sealed record RulePattern(IReadOnlyList<CompiledRule> Rules);

/// <summary>
/// An <c>sch:rule</c> compiled at load: the expression selecting its context nodes, its <c>sch:let</c>
/// variables in order, and its checks. A rule with variables is bound to a fresh <see cref="RuleScope"/>
/// per evaluation, because the variable values live in the scope; <see cref="Namespaces"/> are the prefixes
/// that scope declares.
/// </summary>
internal sealed record CompiledRule(XPathExpression Context, IReadOnlyList<RuleLet> Lets, IReadOnlyList<RuleCheck> Checks,
    IReadOnlyDictionary<string, string> Namespaces)
{
    /// <summary>A copy whose expressions read their variables from a new scope, returned with it.</summary>
    public (CompiledRule Rule, RuleScope Scope) Bind()
    {
        var scope = new RuleScope(Namespaces, Lets.Select(l => l.Name));
        return (BindTo(scope), scope);
    }

    private CompiledRule BindTo(RuleScope scope) => this with
    {
        Lets = [.. Lets.Select(l => l with { Value = Bind(l.Value, scope) })],
        Checks = [.. Checks.Select(c => c with
        {
            Test = Bind(c.Test, scope),
            Message = [.. c.Message.Select(p => p with { Expression = p.Expression is null ? null : Bind(p.Expression, scope) })],
        })],
    };

    private static XPathExpression Bind(XPathExpression expression, RuleScope scope)
    {
        var bound = expression.Clone();
        bound.SetContext(scope);
        return bound;
    }
}

/// <summary>An <c>sch:let</c>: <see cref="Value"/> is evaluated per context node and visible to later lets and the checks.</summary>
internal sealed record RuleLet(string Name, XPathExpression Value);

/// <summary>
/// An <c>sch:assert</c> (<see cref="FiresWhenTrue"/> false: a violation when the test is false) or an
/// <c>sch:report</c> (true: a violation when the test is true). <see cref="Test"/> is wrapped in
/// <c>boolean()</c> at load, so it always evaluates to a bool.
/// </summary>
internal sealed record RuleCheck(string Id, RuleSeverity Severity, bool FiresWhenTrue, XPathExpression Test,
    IReadOnlyList<MessagePart> Message);

/// <summary>Literal text, or an expression (wrapped in <c>string()</c>) evaluated per context node.</summary>
internal sealed record MessagePart(string? Text, XPathExpression? Expression);
