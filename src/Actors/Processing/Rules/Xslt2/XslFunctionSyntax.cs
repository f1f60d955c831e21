using System.Xml.Linq;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// An <c>xsl:function</c> as the rule set declares it, read but not compiled: its name, parameters, result type and
/// body, with the namespace bindings its expressions are compiled with and the element it came from.
/// </summary>
internal sealed record XslFunctionSyntax(XName Name, IReadOnlyList<XslParamSyntax> Params, XslSequenceType? As,
    IReadOnlyList<XslInstructionSyntax> Body, IReadOnlyDictionary<string, string> Namespaces, XElement Source);

/// <summary>An <c>xsl:param</c> of a function.</summary>
internal sealed record XslParamSyntax(string Name, XslSequenceType? As);

/// <summary>One instruction of a function's sequence constructor.</summary>
internal abstract record XslInstructionSyntax(XElement Source);

/// <summary><c>xsl:variable</c>: its value is <see cref="Select"/> if given, else what <see cref="Content"/> constructs.</summary>
internal sealed record XslVariableSyntax(XElement Source, string Name, string? Select, XslSequenceType? As,
    IReadOnlyList<XslInstructionSyntax> Content) : XslInstructionSyntax(Source);

/// <summary><c>xsl:value-of select</c>: one text node, the string values joined by <see cref="Separator"/>.</summary>
internal sealed record XslValueOfSyntax(XElement Source, string Select, string Separator) : XslInstructionSyntax(Source);

/// <summary><c>xsl:sequence select</c>: the selected items themselves.</summary>
internal sealed record XslSequenceSyntax(XElement Source, string Select) : XslInstructionSyntax(Source);

/// <summary>
/// <c>xsl:choose</c> (its <c>xsl:when</c>s in order, then <c>xsl:otherwise</c> with no test) or <c>xsl:if</c> (one branch).
/// </summary>
internal sealed record XslChooseSyntax(XElement Source, IReadOnlyList<XslBranchSyntax> Branches) : XslInstructionSyntax(Source);

/// <summary>A branch of <see cref="XslChooseSyntax"/>; <see cref="Test"/> null is <c>xsl:otherwise</c>.</summary>
internal sealed record XslBranchSyntax(XElement Source, string? Test, IReadOnlyList<XslInstructionSyntax> Body);

/// <summary>Literal text in a sequence constructor (e.g. <c>&lt;xsl:variable name="x"&gt;ABC&lt;/xsl:variable&gt;</c>): a text node.</summary>
internal sealed record XslTextSyntax(XElement Source, string Text) : XslInstructionSyntax(Source);
