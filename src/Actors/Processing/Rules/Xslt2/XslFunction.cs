using System.Runtime.CompilerServices;
using System.Xml;
using Wmhelp.XPath2;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// An <c>xsl:function</c> as the XPath 2.0 library calls it: arguments converted per their <c>as</c>, the body run,
/// the result converted per the function's <c>as</c>. Registered (<see cref="XslFunctionRegistry"/>) before its body
/// is compiled, because bodies call each other; <see cref="Define"/> then gives it the body, once.
/// <para>
/// A document must not be able to take the process down through a function: calls nest at most
/// <see cref="MaxDepth"/> deep on a thread, and a call also stops when the thread's stack runs low, each with a
/// dynamic error that the rule set reports as a rule that could not be evaluated.
/// </para>
/// </summary>
internal sealed class XslFunction(string namespaceUri, string localName, int arity, XslSequenceType? type)
{
    /// <summary>Deep enough for the published rule sets (Peppol's u:addPIVA recurses once per digit of a VAT number).</summary>
    public const int MaxDepth = 256;

    [ThreadStatic]
    private static int t_depth;

    private IReadOnlyList<(XmlQualifiedName Name, XslSequenceType? Type)>? _params;
    private IReadOnlyList<XslStep>? _body;

    public string NamespaceUri { get; } = namespaceUri;

    public string LocalName { get; } = localName;

    public int Arity { get; } = arity;

    /// <summary>What the library is told the function returns; a sequence when no <c>as</c> says otherwise.</summary>
    public XPath2ResultType ResultType => type?.ResultType ?? XPath2ResultType.NodeSet;

    public void Define(IReadOnlyList<(XmlQualifiedName Name, XslSequenceType? Type)> parameters, IReadOnlyList<XslStep> body)
    {
        if (_body is not null)
            throw new InvalidOperationException($"The function {LocalName}#{Arity} is already defined.");
        _params = parameters;
        _body = body;
    }

    /// <summary>The <see cref="XPathFunctionDelegate"/> registered with the library.</summary>
    public object Invoke(XPath2Context context, IContextProvider provider, object[] args)
    {
        // Only a rule set whose bodies all compiled is used, so an undefined body is never called from a document.
        if (_body is null || _params is null)
            throw new XPath2Exception("", $"The function {LocalName}#{Arity} has no compiled body.");
        if (t_depth >= MaxDepth)
            throw new XPath2Exception("", $"xsl:function {LocalName} was called more than {MaxDepth} levels deep (runaway recursion?)");
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (InsufficientExecutionStackException)
        {
            throw new XPath2Exception("", $"xsl:function {LocalName}: the thread's stack ran low after {t_depth} nested calls");
        }

        t_depth++;
        try
        {
            var variables = new Dictionary<XmlQualifiedName, object>(_params.Count);
            for (var i = 0; i < _params.Count; i++)
            {
                var (name, paramType) = _params[i];
                variables[name] = paramType is null ? XslOutput.Materialise(args[i]) : paramType.Convert(args[i]);
            }
            var output = new XslOutput();
            XslStep.RunAll(_body, new XslFrame(provider, variables), output);
            return type is null ? output.ToValue() : type.Convert(output.ToValue());
        }
        finally
        {
            t_depth--;
        }
    }
}
