using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Api.Receipts;

/// <summary>
/// Checks a receipt: one CMS signer, SHA-256, a valid signature over exactly the given content, a
/// signing certificate that is one of the trusted ones, and content that is a canonical receipt.
/// Trust is by pinning (the signer's certificate must equal a trusted certificate, compared by its
/// SHA-256 thumbprint), not by chain building: the gateway's certificate is self-signed until the
/// PKI lands, and a receipt must stay verifiable after its certificate expired or the issuing CA
/// changed; what matters is that the signature was made with a key the gateway vouches for.
/// </summary>
public static class ReceiptVerifier
{
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";

    public static ReceiptVerification Verify(byte[] content, byte[] signature, X509Certificate2Collection trusted)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        try
        {
            cms.Decode(signature);
        }
        catch (CryptographicException)
        {
            return ReceiptVerification.Invalid("The signature is not a CMS SignedData structure.");
        }

        if (cms.SignerInfos.Count != 1) return ReceiptVerification.Invalid("The signature must have exactly one signer.");
        var signer = cms.SignerInfos[0];
        if (signer.DigestAlgorithm.Value != ReceiptSigner.Sha256.Value)
            return ReceiptVerification.Invalid("The signature does not use SHA-256.");
        if (signer.Certificate is not { } certificate)
            return ReceiptVerification.Invalid("The signature does not carry its signing certificate.");

        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        if (!trusted.Any(t => string.Equals(t.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase)))
            return ReceiptVerification.Invalid("The receipt is not signed by a certificate of this gateway.");

        try
        {
            // Signature only: trust was settled above by pinning, and an expired certificate does not
            // make an earlier receipt untrue.
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return ReceiptVerification.Invalid("The signature does not match the content.");
        }

        var signedAt = SigningTime(signer);
        if (signedAt is null) return ReceiptVerification.Invalid("The signature carries no signing time.");
        if (signedAt < certificate.NotBefore.ToUniversalTime() || signedAt > certificate.NotAfter.ToUniversalTime())
            return ReceiptVerification.Invalid("The receipt was signed outside its certificate's validity period.");

        return ReceiptCanonicalForm.TryParse(content, out var receipt)
            ? new ReceiptVerification(true, receipt, null, thumbprint, new DateTimeOffset(signedAt.Value, TimeSpan.Zero))
            : ReceiptVerification.Invalid("The signed content is not a Digipoort receipt.");
    }

    private static DateTime? SigningTime(SignerInfo signer)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value != SigningTimeOid || attribute.Values.Count != 1) continue;
            return new Pkcs9SigningTime(attribute.Values[0].RawData).SigningTime.ToUniversalTime();
        }
        return null;
    }
}
