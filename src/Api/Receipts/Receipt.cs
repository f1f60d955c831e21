namespace Digipoort.Api.Receipts;

/// <summary>The SHA-256 (lowercase hex) of one document as the sender sent it, named by its place in the request.</summary>
public sealed record PayloadHash(string Naam, string Sha256);

/// <summary>
/// What the gateway accepted, as a sender can later prove it: the acceptance answer without its
/// statuses. It holds only what a repeated submission must match to count as the same one (sender,
/// berichtsoort, aanleverkenmerk, content hashes) plus the kenmerk and the original acceptance time,
/// so the receipt rebuilt for a duplicate is byte for byte the receipt of the original acceptance.
/// File names and the belanghebbende are deliberately left out: a duplicate may differ in them.
/// </summary>
public sealed record Receipt(
    string Kenmerk,
    string Berichtsoort,
    string? Aanleverkenmerk,
    string Afzender,
    string TijdstempelAangeleverd,
    IReadOnlyList<PayloadHash> Hashes)
{
    /// <summary>The name of the main document's hash; attachments are <c>berichtBijlagen[i]</c>, in request order.</summary>
    public const string MainDocument = "berichtInhoud";

    public static string AttachmentName(int index) => $"berichtBijlagen[{index}]";
}
