using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Api.Security;

/// <summary>Reads attribute values from a distinguished name by OID, in the order they appear.</summary>
internal static class DistinguishedNames
{
    public const string OrganisationOid = "2.5.4.10";
    public const string OrganisationalUnitOid = "2.5.4.11";
    public const string CommonNameOid = "2.5.4.3";

    /// <summary>
    /// Multi-valued RDNs are skipped: PKIoverheid does not issue them, and reading one attribute out
    /// of a set would let an unexpected structure pass as a plain name.
    /// </summary>
    public static IReadOnlyList<string> Values(X500DistinguishedName name, string oid) =>
        [.. name.EnumerateRelativeDistinguishedNames()
            .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == oid)
            .Select(rdn => rdn.GetSingleElementValue() ?? "")];

    public static string? First(X500DistinguishedName name, string oid) => Values(name, oid) is [var first, ..] ? first : null;
}
