using System.Collections.Concurrent;
using System.Xml;
using Wmhelp.XPath2;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// The <c>as</c> of an <c>xsl:function</c>, <c>xsl:param</c> or <c>xsl:variable</c> that the engine can honour: one
/// atomic value of xs:string, xs:boolean, xs:decimal, xs:integer or xs:double, with <c>?</c> allowing the empty
/// sequence. A value is converted by atomizing and casting it (<c>data($value) cast as xs:decimal?</c>), so a node or
/// the text of an <c>xsl:value-of</c> becomes the declared type and a value that does not fit (several items, none
/// where one is required, "abc" as a decimal) is a dynamic error, as in XSLT. Casting is a little more lenient than
/// XSLT's function conversion rules (an xs:integer passed as xs:string is cast, where an XSLT processor reports a type
/// error); the published rule sets pass what they declare.
/// </summary>
internal sealed class XslSequenceType
{
    public const string SchemaNamespace = "http://www.w3.org/2001/XMLSchema";

    private static readonly XmlQualifiedName Value = new("value");
    private static readonly string[] Supported = ["string", "boolean", "decimal", "integer", "double"];

    // One compiled conversion per type, shared by every function.
    private static readonly ConcurrentDictionary<string, Xslt2Expression> Conversions = new(StringComparer.Ordinal);

    private readonly Xslt2Expression _conversion;

    private XslSequenceType(string written, string localName, bool optional)
    {
        Written = written;
        ResultType = localName switch
        {
            "string" => XPath2ResultType.String,
            "boolean" => XPath2ResultType.Boolean,
            _ => XPath2ResultType.Number,
        };
        var key = localName + (optional ? "?" : "");
        _conversion = Conversions.GetOrAdd(key, static k =>
        {
            var namespaces = new XmlNamespaceManager(new NameTable());
            namespaces.AddNamespace("xs", SchemaNamespace);
            return Xslt2Expression.Compile($"data($value) cast as xs:{k}", namespaces);
        });
    }

    /// <summary>The type as the rule set wrote it, for messages.</summary>
    public string Written { get; }

    /// <summary>What the XPath 2.0 library is told a function of this type returns.</summary>
    public XPath2ResultType ResultType { get; }

    /// <summary>
    /// Reads <paramref name="written"/> (null: no <c>as</c>, the value is passed unchanged). Returns false with the
    /// reason when the engine cannot honour the type.
    /// </summary>
    public static bool TryParse(string? written, IXmlNamespaceResolver namespaces, out XslSequenceType? type, out string? reason)
    {
        type = null;
        reason = null;
        if (written is null)
            return true;
        var trimmed = written.Trim();
        var optional = trimmed.EndsWith('?');
        var name = optional ? trimmed[..^1].TrimEnd() : trimmed;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var localName = colon < 0 ? name : name[(colon + 1)..];
        if (colon < 0 || namespaces.LookupNamespace(name[..colon]) != SchemaNamespace || !Supported.Contains(localName))
        {
            reason = $"as=\"{written}\" is not supported (supported: one xs:string, xs:boolean, xs:decimal, xs:integer or xs:double, "
                + "optionally with '?')";
            return false;
        }
        type = new XslSequenceType(written, localName, optional);
        return true;
    }

    /// <summary>Atomizes and casts <paramref name="value"/>; throws the library's dynamic error when it does not fit.</summary>
    public object Convert(object value) =>
        // No context item: the conversion reads only $value.
        _conversion.Evaluate(null, new Dictionary<XmlQualifiedName, object> { [Value] = value });
}
