using Digipoort.Actors.Domain;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Actors.Storage;
using Digipoort.Api.Problems;
using Digipoort.Api.Receipts;

namespace Digipoort.Api.Ingress;

/// <summary>A document received by a protocol adapter: its metadata and its staged (not yet stored) bytes.</summary>
public sealed record ReceivedDocument(DocumentFields Fields, StagedBlob Blob);

/// <summary>What became of a submission.</summary>
public abstract record IntakeOutcome
{
    private IntakeOutcome() { }

    /// <param name="Receipt">What was accepted, signed; for a duplicate the original acceptance's.</param>
    public sealed record Accepted(SubmitReply Reply, SignedReceipt Receipt) : IntakeOutcome;

    public sealed record Refused(Fault Fault) : IntakeOutcome;
}

/// <summary>
/// The protocol-independent part of taking in a submission, shared by REST and the SOAP facade:
/// check the envelope, check that the document is well-formed XML (no DTDs), only then make the
/// staged content permanent, hand the submission to the admission stage, and issue the signed receipt. A refused
/// submission leaves nothing behind: its staged content is discarded when its <see cref="SubmissionStaging"/> is disposed.
/// </summary>
public sealed class SubmissionIntake(IBlobStore blobs, SubmissionAdmission admission, CatalogueProvider catalogue, ReceiptIssuer receipts,
    long maxContentBytes)
{
    public long MaxContentBytes => maxContentBytes;

    /// <summary>The staging of one submission's documents, which its endpoint disposes.</summary>
    public SubmissionStaging BeginStaging() => new(this);

    /// <summary>
    /// Streams one document into staging; throws <see cref="BlobTooLargeException"/> past the limit. Only through
    /// <see cref="SubmissionStaging"/>, which owns what is staged.
    /// </summary>
    internal Task<StagedBlob> StageAsync(Stream content, CancellationToken cancellationToken) =>
        blobs.StageAsync(content, maxContentBytes, cancellationToken);

    public async Task<IntakeOutcome> SubmitAsync(SenderIdentity sender, EnvelopeFields fields, ReceivedDocument? main,
        IReadOnlyList<ReceivedDocument> attachments, CancellationToken cancellationToken)
    {
        var (envelope, errors) = EnvelopeRules.Check(fields);
        var problems = errors.ToList();
        if (main is null) problems.Add("berichtInhoud is required.");
        var documents = new List<(ReceivedDocument Received, string MimeType, string Bestandsnaam)>();
        foreach (var (received, name) in (main is null ? [] : new[] { (main, "berichtInhoud") })
                 .Concat(attachments.Select((a, i) => (a, $"berichtBijlagen[{i}]"))))
        {
            var (mime, file, documentErrors) = EnvelopeRules.CheckDocument(received.Fields, name);
            problems.AddRange(documentErrors);
            if (documentErrors.Count == 0) documents.Add((received, mime!, file!));
        }
        if (problems.Count > 0) return Refuse(Fault.InvalidRequest(string.Join(" ", problems)));

        if (!catalogue.Current.TryGet(envelope!.Berichtsoort, out _)) return Refuse(Fault.UnknownBerichtsoort(envelope.Berichtsoort));

        var (_, mainMime, _) = documents[0];
        if (!EnvelopeRules.IsXml(mainMime))
            return Refuse(Fault.InvalidRequest("berichtInhoud must be an XML document (mimeType text/xml or application/xml)."));
        await using (var content = main!.Blob.OpenRead())
        {
            if (WellFormednessCheck.Check(content) is { } finding)
                return Refuse(Fault.InvalidRequest(
                    $"berichtInhoud is not acceptable XML: {finding.Description} (line {finding.Line}, position {finding.Position})."));
        }

        var stored = new List<Document>(documents.Count);
        foreach (var (received, mime, file) in documents)
            stored.Add(new Document(mime, file, await received.Blob.CommitAsync(cancellationToken)));

        var kenmerk = envelope.Aanleverkenmerk is { } aanleverkenmerk ? Kenmerk.ForSubmission(sender, aanleverkenmerk) : Kenmerk.New();
        var message = new MessageEnvelope(envelope.Berichtsoort, envelope.Aanleverkenmerk, envelope.EerderAanleverkenmerk,
            envelope.IdentiteitBelanghebbende, envelope.RolBelanghebbende, envelope.IdentiteitOntvanger, envelope.RolOntvanger,
            stored[0], stored.Skip(1).ToList(), envelope.AutorisatieAdres);

        var reply = await admission.SubmitAsync(new SubmitMessage(kenmerk.Value, sender, message), cancellationToken);
        if (reply.Outcome == SubmitOutcome.Conflict) return Refuse(Fault.DuplicateAanleverkenmerk(envelope.Aanleverkenmerk!));

        // The receipt names the plain SHA-256 of the bytes the sender sent, which the sender can recompute
        // (the blob address is a keyed hash that reveals nothing). A duplicate matched the original on
        // sender, berichtsoort and content, so this rebuilds the original acceptance's receipt.
        var receipt = receipts.Issue(reply, sender, envelope.Berichtsoort, envelope.Aanleverkenmerk,
            documents[0].Received.Blob.PlainSha256, [.. documents.Skip(1).Select(d => d.Received.Blob.PlainSha256)]);
        return new IntakeOutcome.Accepted(reply, receipt);
    }

    private static IntakeOutcome.Refused Refuse(Fault fault) => new(fault);
}
