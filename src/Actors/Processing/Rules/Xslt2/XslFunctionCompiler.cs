using System.Xml;
using System.Xml.Linq;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// Compiles an expression of a function body with the function's namespaces, after checking that every variable
/// it reads is in <paramref name="scope"/>; throws <see cref="Catalogue.CatalogueException"/> naming the element.
/// </summary>
internal delegate Xslt2Expression XslExpressionCompiler(string expression, XElement where, string what,
    IReadOnlyCollection<string> scope, string written);

/// <summary>
/// Turns a read <see cref="XslFunctionSyntax"/> into the steps of <see cref="XslFunction"/>. A function sees its
/// parameters and the variables declared before an instruction in its own or an enclosing sequence constructor;
/// the rule set's <c>sch:let</c> variables are not visible inside it (refused when read).
/// </summary>
internal static class XslFunctionCompiler
{
    public static void Compile(XslFunctionSyntax syntax, XslFunction function, XslExpressionCompiler compile)
    {
        var parameters = syntax.Params.Select(p => (new XmlQualifiedName(p.Name), p.As)).ToList();
        var scope = syntax.Params.Select(p => p.Name).ToList();
        function.Define(parameters, Steps(syntax.Body, scope, compile));
    }

    private static List<XslStep> Steps(IReadOnlyList<XslInstructionSyntax> instructions, List<string> scope, XslExpressionCompiler compile)
    {
        var steps = new List<XslStep>();
        foreach (var instruction in instructions)
        {
            steps.Add(instruction switch
            {
                XslVariableSyntax variable => Variable(variable, scope, compile),
                XslValueOfSyntax valueOf => new XslValueOfStep(compile(valueOf.Select, valueOf.Source, "xsl:value-of", scope, valueOf.Select),
                    valueOf.Separator),
                XslSequenceSyntax sequence => new XslSequenceStep(compile(sequence.Select, sequence.Source, "xsl:sequence", scope, sequence.Select)),
                XslChooseSyntax choose => new XslChooseStep(choose.Branches.Select(branch => (
                    branch.Test is null ? null : compile($"boolean(({branch.Test}))", branch.Source, $"xsl:{branch.Source.Name.LocalName} test", scope, branch.Test),
                    (IReadOnlyList<XslStep>)Steps(branch.Body, [.. scope], compile))).ToList()),
                XslTextSyntax text => new XslTextStep(text.Text),
                _ => throw new InvalidOperationException($"Unknown instruction {instruction.GetType().Name}."),
            });
        }
        return steps;
    }

    private static XslVariableStep Variable(XslVariableSyntax variable, List<string> scope, XslExpressionCompiler compile)
    {
        var select = variable.Select is null
            ? null
            : compile(variable.Select, variable.Source, $"xsl:variable '{variable.Name}'", scope, variable.Select);
        var content = Steps(variable.Content, [.. scope], compile);
        // Visible from the next instruction on, as in XSLT.
        scope.Add(variable.Name);
        return new XslVariableStep(new XmlQualifiedName(variable.Name), select, variable.As, content);
    }
}
