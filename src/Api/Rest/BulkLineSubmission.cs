using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Api.Gateway;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;

namespace Digipoort.Api.Rest;

/// <summary>
/// One line of a bulk request through exactly the path of a single JSON submission: the JSON reader,
/// then <see cref="SubmissionIntake"/> (envelope rules, well-formedness, blob commit, admission). A
/// full admission queue makes the line wait (and so the reading of the request) instead of failing
/// it at once, for up to <see cref="BulkLimits.OverloadPatience"/>: that is the bulk endpoint's
/// backpressure. Every outcome, refusals included, becomes a <see cref="BulkLineResult"/>.
/// </summary>
internal sealed class BulkLineSubmission(MessageGateway gateway, SubmissionIntake intake, LargeJsonGate largeJson, BulkLimits limits)
{
    public async Task<BulkLineResult> SubmitAsync(BulkLine line, SenderIdentity sender, CancellationToken cancellationToken)
    {
        if (line.Bytes is not { } bytes)
            return SubmissionAnswers.RefusedLine(line.Number, null, Fault.ContentTooLarge(BulkLimits.MaxLineBytes(intake.MaxContentBytes)));

        await using var staging = intake.BeginStaging();
        string? aanleverkenmerk = null;
        try
        {
            using var body = new MemoryStream(bytes, writable: false);
            var (parts, fault) = await JsonSubmissionReader.ReadAsync(body, bytes.Length, staging, largeJson, cancellationToken);
            if (fault is not null) return SubmissionAnswers.RefusedLine(line.Number, null, fault);
            aanleverkenmerk = parts!.Fields.Aanleverkenmerk;

            return SubmissionAnswers.Line(line.Number, aanleverkenmerk, await SubmitPatientlyAsync(sender, parts, cancellationToken));
        }
        catch (Exception e) when (Faults.Expected(e, GatewayService.Aanlever) is { } fault)
        {
            // What the single endpoint's exception handler answers, as this line's result (e.g. a document over the limit).
            return SubmissionAnswers.RefusedLine(line.Number, aanleverkenmerk, fault);
        }
    }

    private async Task<IntakeOutcome> SubmitPatientlyAsync(SenderIdentity sender, SubmissionParts parts, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTimeOffset.UtcNow + limits.OverloadPatience;
        while (true)
        {
            var outcome = await gateway.SubmitAsync(sender, parts, cancellationToken);
            if (outcome is not IntakeOutcome.Refused { Fault: { Refusal: Refusal.Overloaded, RetryAfterOrDefault: { } wait } }
                || DateTimeOffset.UtcNow + wait >= giveUpAt)
                return outcome;
            await Task.Delay(wait, cancellationToken);
        }
    }
}
