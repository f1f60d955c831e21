using System.Xml;
using Digipoort.Wus.Protocol;

namespace Digipoort.WusClient;

/// <summary>The exclusive canonical form (without comments) this library signs and verifies with.</summary>
public static class ExclusiveC14n
{
    /// <param name="inclusivePrefixes">An InclusiveNamespaces PrefixList ("#default" for the default namespace).</param>
    public static byte[] Canonicalize(XmlElement element, string? inclusivePrefixes = null) =>
        ExclusiveCanonicalization.Bytes(element, (inclusivePrefixes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p == "#default" ? "" : p).ToHashSet(StringComparer.Ordinal));
}
