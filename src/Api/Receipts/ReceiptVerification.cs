namespace Digipoort.Api.Receipts;

/// <summary>The outcome of checking a receipt: valid with what it says and who signed it when, or invalid and why.</summary>
public sealed record ReceiptVerification(
    bool IsValid,
    Receipt? Receipt,
    string? Reason,
    string? SignerThumbprintSha256 = null,
    DateTimeOffset? SignedAt = null)
{
    public static ReceiptVerification Invalid(string reason) => new(false, null, reason);
}
