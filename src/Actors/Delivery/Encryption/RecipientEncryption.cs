using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Actors.Delivery.Encryption;

/// <summary>
/// Encrypts a delivered payload for its recipient as CMS EnvelopedData (S/MIME enveloped-data): the content
/// under a fresh AES-256-CBC key, that key under the recipient's RSA public key with RSA-OAEP (SHA-256).
/// Only the holder of the recipient's private key can read it, whoever stores or relays it on the way.
/// </summary>
public static class RecipientEncryption
{
    public const string MediaType = "application/pkcs7-mime; smime-type=enveloped-data";

    /// <summary>id-aes256-CBC (NIST).</summary>
    public const string Aes256CbcOid = "2.16.840.1.101.3.4.1.42";

    /// <summary>id-RSAES-OAEP (PKCS #1).</summary>
    public const string RsaOaepOid = "1.2.840.113549.1.1.7";

    /// <summary>The DER-encoded ContentInfo holding the EnvelopedData of <paramref name="content"/>.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> content, X509Certificate2 recipientCertificate)
    {
        ArgumentNullException.ThrowIfNull(recipientCertificate);
        var envelope = new EnvelopedCms(new ContentInfo(content.ToArray()), new AlgorithmIdentifier(new Oid(Aes256CbcOid)));
        // Issuer and serial number identify the certificate in every CMS implementation (openssl cms, Bouncy Castle).
        envelope.Encrypt(new CmsRecipient(SubjectIdentifierType.IssuerAndSerialNumber, recipientCertificate,
            RSAEncryptionPadding.OaepSHA256));
        return envelope.Encode();
    }

    /// <summary>
    /// Reads the recipient's certificate (public part only) from a PEM or DER file. Refuses a key that is not
    /// RSA and a key usage that does not allow keyEncipherment, since the content key could then not be
    /// transported to it; throws <see cref="CryptographicException"/> saying which.
    /// </summary>
    public static X509Certificate2 LoadCertificate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // Accepts DER and PEM, and only a certificate: never a PKCS#12 with a private key.
        var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
        try
        {
            using (var key = certificate.GetRSAPublicKey())
            {
                if (key is null)
                    throw new CryptographicException(
                        $"The encryption certificate '{certificate.Subject}' in '{path}' has no RSA key; RSA-OAEP key transport needs one.");
            }
            if (certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage
                && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyEncipherment))
                throw new CryptographicException(
                    $"The encryption certificate '{certificate.Subject}' in '{path}' does not allow keyEncipherment (key usage: {usage.KeyUsages}).");
            return certificate;
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }
}
