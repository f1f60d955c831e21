using System.Text;

namespace Digipoort.Actors.Processing.Rules;

/// <summary>
/// Turns an <c>sch:rule/@context</c> (an XSLT pattern) into an XPath expression that selects every node the
/// pattern matches: each alternative of a union that is not already absolute gets <c>//</c> in front
/// (<c>cac:InvoiceLine | @id</c> becomes <c>//cac:InvoiceLine | //@id</c>).
/// </summary>
internal static class ContextPattern
{
    public static string ToSelection(string pattern) =>
        string.Join(" | ", SplitUnion(pattern).Select(p => p.StartsWith('/') ? p : "//" + p));

    // Splits at the '|' that are outside predicates, parentheses and string literals.
    private static IEnumerable<string> SplitUnion(string pattern)
    {
        var depth = 0;
        char? quote = null;
        var current = new StringBuilder();
        foreach (var c in pattern)
        {
            if (quote is not null)
            {
                if (c == quote) quote = null;
            }
            else if (c is '\'' or '"') quote = c;
            else if (c is '[' or '(') depth++;
            else if (c is ']' or ')') depth--;
            else if (c == '|' && depth == 0)
            {
                yield return current.ToString().Trim();
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        yield return current.ToString().Trim();
    }
}
