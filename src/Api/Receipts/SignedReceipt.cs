namespace Digipoort.Api.Receipts;

/// <summary>A receipt, its canonical bytes and the detached CMS signature (DER) over them.</summary>
public sealed record SignedReceipt(Receipt Receipt, byte[] Content, byte[] Signature)
{
    /// <summary>The value of <c>algoritme</c> on the wire: detached CMS (PKCS#7) SignedData with SHA-256.</summary>
    public const string Algorithm = "CMS/SHA-256";
}
