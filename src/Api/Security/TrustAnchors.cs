using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Api.Security;

/// <summary>
/// The trust folder split into anchors (self-signed roots) and intermediates. Read once when the
/// validator is built: changing the trust is a deliberate act that warrants a restart.
/// </summary>
internal sealed record TrustAnchors(X509Certificate2Collection Roots, X509Certificate2Collection Intermediates)
{
    private static readonly string[] Extensions = [".pem", ".crt", ".cer"];

    public static TrustAnchors Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Trust folder '{folder}' does not exist.");
        var all = new X509Certificate2Collection();
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            if (text.Contains("-----BEGIN", StringComparison.Ordinal)) all.ImportFromPem(text);
            else all.Add(X509CertificateLoader.LoadCertificateFromFile(file));
        }
        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
            (IsSelfSigned(certificate) ? roots : intermediates).Add(certificate);
        if (roots.Count == 0) throw new InvalidOperationException($"Trust folder '{folder}' holds no self-signed root certificate.");
        return new TrustAnchors(roots, intermediates);
    }

    public bool IsAnchor(X509Certificate2 certificate) =>
        Roots.Any(root => root.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span));

    private static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}
