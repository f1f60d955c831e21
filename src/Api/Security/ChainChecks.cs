using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Api.Security;

/// <summary>The pure checks on a built chain: each returns the problem, or null when there is none.</summary>
internal static class ChainChecks
{
    // Time is judged per element against the injected clock (ValidityProblem), so the trust step ignores it.
    private const X509ChainStatusFlags TimeFlags = X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested;

    /// <summary>
    /// Trusted means: the platform found no fault other than time (judged separately), the path ends
    /// in one of our anchors (not merely a certificate with an anchor's name), and the leaf is not
    /// itself the anchor.
    /// </summary>
    public static string? TrustProblem(X509Chain chain, IReadOnlyList<X509Certificate2> path, TrustAnchors trust)
    {
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status) & ~TimeFlags;
        if (flags != X509ChainStatusFlags.NoError)
            return $"The certificate does not chain to a trusted root ({flags}).";
        if (path.Count < 2 || !trust.IsAnchor(path[^1]))
            return "The certificate does not chain to a trusted root.";
        return null;
    }

    public static (CertificateRefusal? Refusal, string Problem) ValidityProblem(IReadOnlyList<X509Certificate2> path, DateTimeOffset now)
    {
        for (var i = 0; i < path.Count; i++)
        {
            var certificate = path[i];
            var who = i == 0 ? "The certificate" : $"Issuing CA '{certificate.Subject}'";
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            if (now < notBefore) return (CertificateRefusal.NotYetValid, $"{who} is not valid before {notBefore:O}.");
            if (now > notAfter) return (CertificateRefusal.Expired, $"{who} expired at {notAfter:O}.");
        }
        return (null, "");
    }

    /// <summary>
    /// Requires the clientAuth extended key usage explicitly (anyExtendedKeyUsage does not count, and
    /// PKIoverheid always names it), digitalSignature when a key usage is present, and no CA certificate.
    /// </summary>
    public static string? UsageProblem(X509Certificate2 leaf, string clientAuthOid)
    {
        var extended = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extended is null || !extended.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == clientAuthOid))
            return "The certificate is not meant for TLS client authentication (no clientAuth extended key usage).";
        var usage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
            return "The certificate's key usage does not include digitalSignature.";
        if (leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
            return "A CA certificate cannot be used as a client certificate.";
        return null;
    }
}
