using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Api.Receipts;

/// <summary>
/// Signs receipts with the gateway's certificate: detached CMS SignedData over the canonical bytes,
/// SHA-256, the signing certificate embedded (so openssl and other tools need only a trust anchor)
/// and the signing time as a signed attribute.
/// </summary>
public sealed class ReceiptSigner(IReceiptCertificateProvider certificates, TimeProvider clock)
{
    internal static readonly Oid Sha256 = new("2.16.840.1.101.3.4.2.1", "sha256");

    public SignedReceipt Sign(Receipt receipt)
    {
        var content = ReceiptCanonicalForm.Serialize(receipt);
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificates.SigningCertificate)
        {
            DigestAlgorithm = Sha256,
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(clock.GetUtcNow().UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        return new SignedReceipt(receipt, content, cms.Encode());
    }
}
