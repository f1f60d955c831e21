using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Api.Receipts;

/// <summary>
/// Where the gateway's receipt-signing certificate comes from. Today the node loads a configured file
/// or a self-signed development certificate; once the PKI is in place, the node's server certificate
/// fills this seam and nothing else changes.
/// </summary>
public interface IReceiptCertificateProvider
{
    /// <summary>The certificate receipts are signed with, with its private key.</summary>
    X509Certificate2 SigningCertificate { get; }

    /// <summary>The certificates whose receipts the verify endpoint accepts: the current one and, after a rotation, earlier ones.</summary>
    X509Certificate2Collection TrustedCertificates { get; }
}

/// <summary>One certificate that signs and is trusted.</summary>
public sealed class FixedReceiptCertificate : IReceiptCertificateProvider
{
    public FixedReceiptCertificate(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException("The receipt-signing certificate needs its private key.", nameof(certificate));
        SigningCertificate = certificate;
        TrustedCertificates = [certificate];
    }

    public X509Certificate2 SigningCertificate { get; }

    public X509Certificate2Collection TrustedCertificates { get; }
}
