using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Storage;
using Digipoort.Api.Gateway;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Digipoort.Api.Receipts;

namespace Digipoort.Api.Rest;

/// <summary>
/// One line of a bulk request through exactly the path of a single JSON submission: the JSON reader,
/// then <see cref="SubmissionIntake"/> (envelope rules, well-formedness, blob commit, admission). A
/// full admission queue makes the line wait (and so the reading of the request) instead of failing
/// it at once, for up to <see cref="BulkLimits.OverloadPatience"/>: that is the bulk endpoint's
/// backpressure. Every outcome, refusals included, becomes a <see cref="BulkLineResult"/>.
/// </summary>
internal sealed class BulkLineSubmission(MessageGateway gateway, SubmissionIntake intake, LargeJsonGate largeJson, ReceiptSigner receipts,
    BulkLimits limits)
{
    public async Task<BulkLineResult> SubmitAsync(BulkLine line, SenderIdentity sender, CancellationToken cancellationToken)
    {
        if (line.Bytes is not { } bytes)
            return Refused(line.Number, null, Fault.ContentTooLarge(BulkLimits.MaxLineBytes(intake.MaxContentBytes)));

        var staged = new List<StagedBlob>();
        string? aanleverkenmerk = null;
        try
        {
            using var body = new MemoryStream(bytes, writable: false);
            var (parts, fault) = await JsonSubmissionReader.ReadAsync(body, bytes.Length, intake, largeJson, staged, cancellationToken);
            if (fault is not null) return Refused(line.Number, null, fault);
            aanleverkenmerk = parts!.Fields.Aanleverkenmerk;

            var outcome = await SubmitPatientlyAsync(sender, parts, cancellationToken);
            return outcome switch
            {
                IntakeOutcome.Refused refused => Refused(line.Number, aanleverkenmerk, refused.Fault),
                IntakeOutcome.Accepted accepted => new BulkLineResult(line.Number,
                    accepted.Reply.Outcome == SubmitOutcome.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status202Accepted,
                    aanleverkenmerk, SubmissionResponse.From(accepted.Reply, OntvangstbewijsDto.From(receipts.Sign(accepted.Receipt)))),
                _ => throw new InvalidOperationException("Unknown intake outcome."),
            };
        }
        catch (BlobTooLargeException tooLarge)
        {
            return Refused(line.Number, aanleverkenmerk, Fault.ContentTooLarge(tooLarge.MaxBytes));
        }
        finally
        {
            foreach (var blob in staged) await blob.DisposeAsync();
        }
    }

    private async Task<IntakeOutcome> SubmitPatientlyAsync(SenderIdentity sender, SubmissionParts parts, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTimeOffset.UtcNow + limits.OverloadPatience;
        while (true)
        {
            var outcome = await gateway.SubmitAsync(sender, parts, cancellationToken);
            if (outcome is not IntakeOutcome.Refused { Fault: { Code: FaultCodes.Overloaded, RetryAfter: { } wait } }
                || DateTimeOffset.UtcNow + wait >= giveUpAt)
                return outcome;
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static BulkLineResult Refused(int line, string? aanleverkenmerk, Fault fault) =>
        new(line, fault.HttpStatus, aanleverkenmerk, Problem: BulkProblem.From(fault),
            RetryAfter: fault.RetryAfter is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : null);
}
