using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Actors.Storage;
using Digipoort.Node.Configuration;

namespace Digipoort.Node.FirstRun;

/// <summary>
/// The certificate receipts are signed with: the configured file, or else a self-signed development
/// certificate created on first run in <c>&lt;data&gt;/receipts</c> (key owner-only). This is the seam
/// the development PKI's server certificate will fill; receipts signed by the development certificate
/// prove something only to those who trust that very certificate.
/// </summary>
public static class ReceiptSigningCertificate
{
    public const string DevelopmentSubject = "CN=Digipoort receipt signing (development)";
    public const string CertificateFileName = "receipt-signing.crt.pem";
    public const string KeyFileName = "receipt-signing.key.pem";

    public static X509Certificate2 Load(ReceiptSettings settings, DataFolder data) =>
        settings.CertificatePath is { } path ? LoadConfigured(Path.GetFullPath(path), settings) : LoadOrCreateDevelopment(data.ReceiptDirectory);

    private static X509Certificate2 LoadConfigured(string path, ReceiptSettings settings)
    {
        var certificate = Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12"
            ? X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet)
            : settings.CertificatePassword is { } password
                ? X509Certificate2.CreateFromEncryptedPemFile(path, password, settings.KeyPath)
                : X509Certificate2.CreateFromPemFile(path, settings.KeyPath);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"The receipt-signing certificate '{path}' has no private key (Digipoort:Receipts:KeyPath).");
    }

    /// <summary>The development certificate from <paramref name="directory"/>, created there if it is not complete.</summary>
    public static X509Certificate2 LoadOrCreateDevelopment(string directory)
    {
        OwnerOnlyPaths.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            // The certificate is written last: a run interrupted in between leaves no certificate, so the
            // next run starts over instead of pairing a certificate with a key it does not belong to.
            File.Delete(certificatePath);
            File.Delete(keyPath);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var created = CreateDevelopment(key, DateTimeOffset.UtcNow);
            OwnerOnlyPaths.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
            OwnerOnlyPaths.WriteAllText(certificatePath, created.ExportCertificatePem());
        }
        return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    }

    /// <summary>
    /// Self-signed, for digital signatures and non-repudiation only, without extended key usage, so that
    /// <c>openssl cms -verify</c> with the certificate as its own trust anchor accepts it.
    /// </summary>
    internal static X509Certificate2 CreateDevelopment(ECDsa key, DateTimeOffset now)
    {
        var request = new CertificateRequest(DevelopmentSubject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        // Valid from a day back so that a clock slightly behind on another node still accepts it.
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
    }
}
