using System.Xml;

namespace Digipoort.Actors.Processing.Splitting;

/// <summary>
/// Where a batch's items are: an absolute path of child steps (<c>/b:Batch/b:Items/inv:Invoice</c>), the
/// subset of XPath a forward-only reader can follow, so a batch is cut while streaming. A step without a
/// prefix is an element in no namespace, as in XPath 1.0.
/// </summary>
public sealed class ItemPath
{
    private readonly XmlQualifiedName[] _steps;

    private ItemPath(XmlQualifiedName[] steps, string text)
    {
        _steps = steps;
        Text = text;
    }

    public string Text { get; }

    public int Length => _steps.Length;

    public bool StepMatches(int depth, string localName, string namespaceUri) =>
        _steps[depth].Name == localName && _steps[depth].Namespace == namespaceUri;

    /// <summary>Parses <paramref name="path"/>; returns null and a reason when it is not a path of child steps.</summary>
    public static ItemPath? TryParse(string path, IXmlNamespaceResolver namespaces, out string? problem)
    {
        problem = null;
        if (!path.StartsWith('/') || path.EndsWith('/'))
        {
            problem = "it must be an absolute path of child steps, such as /b:Batch/b:Items/inv:Invoice.";
            return null;
        }
        var steps = new List<XmlQualifiedName>();
        foreach (var step in path[1..].Split('/'))
        {
            var colon = step.IndexOf(':', StringComparison.Ordinal);
            var prefix = colon < 0 ? "" : step[..colon];
            var local = colon < 0 ? step : step[(colon + 1)..];
            if (!IsName(prefix, allowEmpty: true) || !IsName(local, allowEmpty: false))
            {
                problem = $"step '{step}' is not an element name (no '//', '*', axes or predicates: the batch is cut while streaming).";
                return null;
            }
            var uri = prefix.Length == 0 ? "" : namespaces.LookupNamespace(prefix);
            if (uri is null)
            {
                problem = $"prefix '{prefix}' is not declared in 'namespaces'.";
                return null;
            }
            steps.Add(new XmlQualifiedName(local, uri));
        }
        return new ItemPath([.. steps], path);
    }

    private static bool IsName(string name, bool allowEmpty)
    {
        if (name.Length == 0) return allowEmpty;
        try
        {
            XmlConvert.VerifyNCName(name);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
