using System.Text;
using System.Xml;
using System.Xml.XPath;
using Wmhelp.XPath2;
using Wmhelp.XPath2.Value;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// A compiled instruction of an <c>xsl:function</c> body. Steps are immutable and shared by every call on every
/// thread; what a call binds lives in its <see cref="XslFrame"/>, what it produces in its <see cref="XslOutput"/>.
/// </summary>
internal abstract class XslStep
{
    public abstract void Run(XslFrame frame, XslOutput output);

    public static void RunAll(IReadOnlyList<XslStep> steps, XslFrame frame, XslOutput output)
    {
        foreach (var step in steps)
            step.Run(frame, output);
    }
}

/// <summary>
/// What one call sees: the context of the expression that called the function (an XSLT function has none; the
/// published rule sets never read it, and an XSLT processor would stop with an error if one did) and the
/// parameters and variables bound so far.
/// </summary>
internal sealed class XslFrame(IContextProvider provider, Dictionary<XmlQualifiedName, object> variables)
{
    public IContextProvider Provider { get; } = provider;

    public Dictionary<XmlQualifiedName, object> Variables { get; } = variables;

    /// <summary>A frame for a branch or a variable's content: what it declares is not seen after it.</summary>
    public XslFrame Nested() => new(Provider, new Dictionary<XmlQualifiedName, object>(Variables));

    public object Evaluate(Xslt2Expression expression) => expression.Evaluate(Provider, Variables);
}

/// <summary>
/// The sequence a sequence constructor produces. The text of <c>xsl:value-of</c> and literal text is kept as its
/// atomized value (xs:untypedAtomic), remembering that it was text for the string value of a temporary tree.
/// Everything is materialised: nothing lazy escapes a call, so a nested call always runs inside its caller's.
/// </summary>
internal sealed class XslOutput
{
    private readonly List<(XPathItem Item, bool IsText)> _items = [];

    public void AddText(string text) => _items.Add((new XPath2Item(new UntypedAtomic(text)), true));

    public void AddItems(object value)
    {
        foreach (var item in Items(value))
            _items.Add((item, false));
    }

    /// <summary>The items as one value the XPath 2.0 library takes: empty, one item, or a sequence.</summary>
    public object ToValue() => Value(_items.Select(i => i.Item).ToList());

    /// <summary>
    /// The string value of a temporary tree built from the items (an <c>xsl:variable</c> with content and no
    /// <c>as</c>): text and nodes concatenated, adjacent atomic values separated by one space (XSLT 2.0, 5.7.1).
    /// </summary>
    public UntypedAtomic ToTreeText()
    {
        var text = new StringBuilder();
        var previousAtomic = false;
        foreach (var (item, isText) in _items)
        {
            var atomic = !isText && !item.IsNode;
            if (atomic && previousAtomic)
                text.Append(' ');
            text.Append(item.Value);
            previousAtomic = atomic;
        }
        return new UntypedAtomic(text.ToString());
    }

    /// <summary><paramref name="value"/> as the library returned it, fully evaluated.</summary>
    public static object Materialise(object? value) => value is XPath2NodeIterator or XPathNavigator ? Value(Items(value)) : value ?? Undefined.Value;

    private static List<XPathItem> Items(object? value) => value switch
    {
        null => [],
        Undefined => [],
        XPath2NodeIterator sequence => sequence.ToList(),
        XPathNavigator node => [node.Clone()],
        XPathItem item => [item],
        _ => [new XPath2Item(value)],
    };

    private static object Value(List<XPathItem> items) => items.Count switch
    {
        0 => Undefined.Value,
        1 => items[0].IsNode ? items[0] : items[0].TypedValue,
        _ => new NodeIterator(items),
    };
}

/// <summary><c>xsl:variable</c>: binds its name for the instructions after it.</summary>
internal sealed class XslVariableStep(XmlQualifiedName name, Xslt2Expression? select, XslSequenceType? type, IReadOnlyList<XslStep> content)
    : XslStep
{
    public override void Run(XslFrame frame, XslOutput output)
    {
        object value;
        if (select is not null)
        {
            value = frame.Evaluate(select);
        }
        else
        {
            var constructed = new XslOutput();
            RunAll(content, frame.Nested(), constructed);
            // Without "as" the content makes a temporary tree; only its string value is used by the rule sets.
            value = type is null ? constructed.ToTreeText() : constructed.ToValue();
        }
        frame.Variables[name] = type is null ? value : type.Convert(value);
    }
}

/// <summary><c>xsl:value-of select</c>: one text node with the string values of the items, joined by the separator.</summary>
internal sealed class XslValueOfStep(Xslt2Expression select, string separator) : XslStep
{
    public override void Run(XslFrame frame, XslOutput output)
    {
        var values = XPath2NodeIterator.Create(frame.Evaluate(select)).ToList().Select(item => item.Value);
        output.AddText(string.Join(separator, values));
    }
}

/// <summary><c>xsl:sequence select</c>: the selected items.</summary>
internal sealed class XslSequenceStep(Xslt2Expression select) : XslStep
{
    public override void Run(XslFrame frame, XslOutput output) => output.AddItems(frame.Evaluate(select));
}

/// <summary>Literal text: a text node.</summary>
internal sealed class XslTextStep(string text) : XslStep
{
    public override void Run(XslFrame frame, XslOutput output) => output.AddText(text);
}

/// <summary><c>xsl:choose</c> or <c>xsl:if</c>: the first branch whose test (compiled as <c>boolean(…)</c>) holds, or the one without a test.</summary>
internal sealed class XslChooseStep(IReadOnlyList<(Xslt2Expression? Test, IReadOnlyList<XslStep> Body)> branches) : XslStep
{
    public override void Run(XslFrame frame, XslOutput output)
    {
        foreach (var (test, body) in branches)
        {
            if (test is not null && !(bool)frame.Evaluate(test))
                continue;
            RunAll(body, frame.Nested(), output);
            return;
        }
    }
}
