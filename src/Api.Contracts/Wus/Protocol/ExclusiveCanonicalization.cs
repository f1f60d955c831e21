using System.Security.Cryptography;
using System.Xml;

namespace Digipoort.Wus.Protocol;

/// <summary>Exclusive canonicalization of a DOM element (and its subtree) into a digest or a stream.</summary>
public static class ExclusiveCanonicalization
{
    private static readonly IReadOnlySet<string> NoPrefixes = new HashSet<string>();

    public static byte[] Digest(XmlElement apex, HashAlgorithmName algorithm, IReadOnlySet<string>? inclusivePrefixes = null)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        Write(apex, new ExclusiveCanonicalWriter(hash, null, InScopeAbove(apex), inclusivePrefixes ?? NoPrefixes));
        return hash.GetHashAndReset();
    }

    public static byte[] Bytes(XmlElement apex, IReadOnlySet<string>? inclusivePrefixes = null)
    {
        using var output = new MemoryStream();
        Write(apex, new ExclusiveCanonicalWriter(null, output, InScopeAbove(apex), inclusivePrefixes ?? NoPrefixes));
        return output.ToArray();
    }

    /// <summary>The namespace declarations of the element's ancestors that are in scope at it (nearest wins).</summary>
    public static Dictionary<string, string> InScopeAbove(XmlNode node) =>
        node.ParentNode is XmlElement parent ? InScopeOf(parent) : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The namespace declarations in scope at <paramref name="element"/>: its own and its ancestors' (nearest wins).</summary>
    public static Dictionary<string, string> InScopeOf(XmlElement element)
    {
        var scope = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var parent = element; parent is not null; parent = parent.ParentNode as XmlElement)
            foreach (XmlAttribute a in parent.Attributes)
                if (a.NamespaceURI == WusNamespaces.Xmlns)
                    scope.TryAdd(a.Prefix.Length == 0 ? "" : a.LocalName, a.Value);
        return scope;
    }

    /// <summary>The prefixes of an InclusiveNamespaces PrefixList child of a Transform or CanonicalizationMethod.</summary>
    public static IReadOnlySet<string> InclusivePrefixes(XmlElement transform)
    {
        var list = transform.ChildNodes.OfType<XmlElement>()
            .FirstOrDefault(e => e.LocalName == "InclusiveNamespaces" && e.NamespaceURI == WusNamespaces.ExcC14n);
        if (list is null) return NoPrefixes;
        return list.GetAttribute("PrefixList").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p == "#default" ? "" : p).ToHashSet(StringComparer.Ordinal);
    }

    private static void Write(XmlElement apex, ExclusiveCanonicalWriter writer)
    {
        WriteElement(apex, writer);
        writer.Flush();
    }

    private static void WriteElement(XmlElement element, ExclusiveCanonicalWriter writer)
    {
        var attributes = new List<XmlAttributeValue>(element.Attributes.Count);
        foreach (XmlAttribute a in element.Attributes)
            attributes.Add(new XmlAttributeValue(a.Prefix, a.LocalName, a.NamespaceURI, a.Value));
        writer.StartElement(element.Prefix, element.LocalName, element.NamespaceURI, attributes);
        foreach (XmlNode child in element.ChildNodes)
        {
            switch (child)
            {
                case XmlElement e:
                    WriteElement(e, writer);
                    break;
                case XmlCharacterData text and (XmlText or XmlCDataSection or XmlWhitespace or XmlSignificantWhitespace):
                    writer.Text(text.Data);
                    break;
                case XmlProcessingInstruction:
                    throw new XmlException("Processing instructions are not allowed in a SOAP message.");
            }
        }
        writer.EndElement();
    }
}
