using System.Xml.XPath;

namespace Digipoort.Actors.Processing.Splitting;

/// <summary>
/// How a batch berichtsoort is cut: where its items are, which berichtsoort each item becomes, and the
/// optional sort key (evaluated with the item as context) that orders their delivery.
/// </summary>
public sealed record BatchSpec(ItemPath Items, string ItemBerichtsoort, XPathExpression? SortKey)
{
    public bool Ordered => SortKey is not null;
}
