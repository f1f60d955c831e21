using System.Xml.XPath;

namespace Digipoort.Actors.Processing.Routing;

/// <summary>
/// A content-based route: the string value of <see cref="Select"/> (each node's, when it selects several)
/// names the recipient, through <see cref="Values"/> or as a configured recipient's OIN.
/// </summary>
public sealed class ContentRoute(XPathExpression select, IReadOnlyDictionary<string, string>? values, bool matchRecipientOin)
{
    public string Expression => select.Expression;

    /// <summary>The values the route selects from <paramref name="document"/>, trimmed, empty ones left out.</summary>
    public IEnumerable<string> ValuesIn(XPathNavigator document)
    {
        // A compiled expression is not thread-safe; a clone is.
        var result = document.Evaluate(select.Clone());
        IEnumerable<string> raw = result switch
        {
            XPathNodeIterator nodes => nodes.Cast<XPathNavigator>().Select(n => n.Value).ToList(),
            _ => [Convert.ToString(result, System.Globalization.CultureInfo.InvariantCulture) ?? ""],
        };
        return raw.Select(v => v.Trim()).Where(v => v.Length > 0);
    }

    /// <summary>The recipient <paramref name="value"/> names, if any.</summary>
    public string? RecipientFor(string value, Func<string, string?> recipientByOin) =>
        matchRecipientOin ? recipientByOin(value)
        : values is not null && values.TryGetValue(value, out var recipient) ? recipient
        : null;

    /// <summary>The recipients this route can name without looking at a document (for the configuration check).</summary>
    public IEnumerable<string> FixedRecipients => values?.Values ?? [];
}
