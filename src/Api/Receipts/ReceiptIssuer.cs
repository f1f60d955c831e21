using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;

namespace Digipoort.Api.Receipts;

/// <summary>
/// Issues the receipt of an accepted (or repeated) submission: builds it from the message's answer and what the sender
/// sent, and signs it, in one step, so that every protocol hands out the same signed receipt (REST and bulk as
/// <c>ontvangstbewijs</c>, WUS in the aanleverResponse's <c>statusdetails</c>).
/// </summary>
public sealed class ReceiptIssuer(ReceiptSigner signer)
{
    /// <param name="reply">The kenmerk and acceptance time; for a duplicate those of the original acceptance.</param>
    /// <param name="mainSha256">The plain SHA-256 (lowercase hex) of the main document's bytes as the sender sent them.</param>
    /// <param name="attachmentSha256">The same for each attachment, in request order.</param>
    public SignedReceipt Issue(SubmitReply reply, SenderIdentity sender, string berichtsoort, string? aanleverkenmerk, string mainSha256,
        IReadOnlyList<string> attachmentSha256)
    {
        var hashes = new List<PayloadHash>(1 + attachmentSha256.Count) { new(Receipt.MainDocument, mainSha256) };
        hashes.AddRange(attachmentSha256.Select((hash, i) => new PayloadHash(Receipt.AttachmentName(i), hash)));
        return signer.Sign(new Receipt(reply.Kenmerk, berichtsoort, aanleverkenmerk, sender.Value, Timestamps.Format(reply.AcceptedAt), hashes));
    }
}
