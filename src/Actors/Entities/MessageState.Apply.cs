using System.Collections.Immutable;
using System.Globalization;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.Entities;

public sealed partial record MessageState
{
    /// <summary>
    /// Folds one event into the state. Deterministic: no clock, no randomness, no I/O — replaying
    /// the journal always rebuilds the same state and the same status history.
    /// </summary>
    public static MessageState Apply(MessageState state, IMessageEvent @event) => @event switch
    {
        MessageSubmitted e => state with
        {
            Phase = MessagePhase.Submitted,
            Kenmerk = e.Kenmerk,
            Sender = e.Sender,
            Envelope = e.Envelope,
            AcceptedAt = e.At,
            DeliveryDeadline = e.DeliveryDeadline,
            BatchItem = e.Batch,
            History = state.History.AddRange(
            [
                StatusEntry.Of(DigipoortStatus.AanleverprocesGestart, e.At),
                StatusEntry.Of(DigipoortStatus.AanleverenGelukt, e.At,
                    details: e.Batch is { } b ? $"Item {b.Index + 1} of batch {b.ParentKenmerk}." : null),
                StatusEntry.Of(DigipoortStatus.AanleverprocesWordtAangeboden, e.At),
            ]),
        },
        SenderAuthorised e => state with
        {
            Phase = MessagePhase.Validating,
            History = state.History.Add(StatusEntry.Of(DigipoortStatus.AuthenticatieGelukt, e.At)),
        },
        SenderRefused e => state with
        {
            Phase = MessagePhase.Refused,
            History = state.History.Add(StatusEntry.Of(DigipoortStatus.AuthenticatieNietGelukt, e.At,
                FaultCodes.NotAuthorised, e.Reason)),
        },
        DocumentValidated e => state with
        {
            ValidationRetryAt = null,
            History = state.History.Add(StatusEntry.Of(DigipoortStatus.ValidatieGelukt, e.At,
                details: e.Warnings.Count == 0 ? null : $"{e.Warnings.Count} warning(s)",
                findings: e.Warnings.Count == 0 ? null : e.Warnings)),
        },
        DocumentRejected e => state with
        {
            Phase = MessagePhase.Rejected,
            ValidationRetryAt = null,
            History = state.History.Add(StatusEntry.Of(DigipoortStatus.ValidatieNietGelukt, e.At,
                FaultCodes.ValidationFailed, $"{e.Findings.Count} finding(s)", findings: e.Findings)),
        },
        ValidationFailedTechnically e => state with
        {
            Phase = e.RetryAt is null ? MessagePhase.ValidationAborted : state.Phase,
            ValidationAttempts = e.Attempt,
            ValidationRetryAt = e.RetryAt,
            History = state.History.Add(StatusEntry.Of(DigipoortStatus.TechnischProbleemValidatie, e.At,
                e.RetryAt is null ? FaultCodes.ValidationTechnicalError : null,
                e.RetryAt is { } retryAt
                    ? $"Attempt {e.Attempt} failed: {e.Detail}. Next attempt at {Timestamps.Format(retryAt)}."
                    : $"Attempt {e.Attempt} failed: {e.Detail}. No further attempts.")),
        },
        MessageRouted e => state.Routed(e),
        TransformationFailed e => state.WithDeliveries(
            d => d.Recipient == e.Recipient ? d with { State = DeliveryState.NotTransformed, CompletedAt = e.At } : d,
            StatusEntry.Of(DigipoortStatus.TechnischProbleemValidatie, e.At, FaultCodes.ValidationTechnicalError,
                $"The document could not be transformed for this recipient: {e.Detail}", e.Recipient)),
        RoutingFailed e => state with
        {
            Phase = MessagePhase.Undeliverable,
            History = state.History.Add(StatusEntry.Of(DigipoortStatus.AfleverenNietGelukt, e.At,
                FaultCodes.NoRecipient, e.Detail)),
        },
        BatchSplit e => state with
        {
            Phase = MessagePhase.AwaitingItems,
            Batch = new BatchProgress(e.Items, e.ItemBerichtsoort, e.Index, e.Ordered, Released: false, [], 0),
            History = state.History.Add(StatusEntry.Of(DigipoortStatus.AfleverenBezig, e.At,
                details: $"Split into {Count(e.Items)} message(s) of berichtsoort '{e.ItemBerichtsoort}'"
                    + (e.Ordered ? ", delivered one after another in sort-key order." : "."))),
        },
        BatchItemsReleased _ => state with { Batch = state.Batch! with { Released = true } },
        BatchItemsFinished e => state.ItemsFinished(e),
        BatchNotified _ => state with { BatchNotified = true },
        MessageEnded _ => state with { EndRecorded = true },
        DeliveryAttemptStarted e => state.AttemptStarted(e),
        DeliverySucceeded e => state.WithDelivery(e.Recipient, e.Part, DeliveryState.Delivered, e.Attempt, null, e.At,
            StatusEntry.Of(DigipoortStatus.AfleverenGelukt, e.At,
                details: state.PartPrefix(e.Part) + $"Delivered on attempt {e.Attempt} (HTTP {e.HttpStatus}).",
                recipient: e.Recipient)),
        DeliveryRefused e => state.WithDelivery(e.Recipient, e.Part, DeliveryState.Refused, e.Attempt, null, e.At,
            StatusEntry.Of(DigipoortStatus.AfleverenNietGelukt, e.At, FaultCodes.DeliveryRefused,
                state.PartPrefix(e.Part) + e.Detail, e.Recipient)),
        DeliveryAttemptFailed e => state.WithDelivery(e.Recipient, e.Part, DeliveryState.Waiting, e.Attempt, e.NextAttemptAt, null,
            StatusEntry.Of(DigipoortStatus.TechnischProbleemAfleveren, e.At,
                details: state.PartPrefix(e.Part)
                    + $"Attempt {e.Attempt} failed: {e.Detail}. Next attempt at {Timestamps.Format(e.NextAttemptAt)}.",
                recipient: e.Recipient)),
        DeliveryExpired e => state.WithDelivery(e.Recipient, e.Part, DeliveryState.Expired, e.Attempts, null, e.At,
            StatusEntry.Of(DigipoortStatus.TechnischProbleemAfleveren, e.At, FaultCodes.DeliveryExpired,
                state.PartPrefix(e.Part)
                + $"Delivery failed until the deadline after {e.Attempts} attempt(s); returned to sender. Last error: {e.LastDetail}",
                e.Recipient)) with
        {
            ReturnedToSender = state.ReturnedToSender.Add(new ReturnToSenderNotice(e.Recipient,
                state.PartPrefix(e.Part) + $"Could not be delivered to '{e.Recipient}' before the deadline: {e.LastDetail}", e.At)),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown message event."),
    };

    private MessageState Routed(MessageRouted e)
    {
        var plans = (e.Plans ?? []).ToImmutableDictionary(p => p.Recipient, StringComparer.Ordinal);
        var attachments = Envelope?.BerichtBijlagen.Count ?? 0;
        var deliveries = e.Recipients.SelectMany(recipient =>
        {
            var separate = plans.TryGetValue(recipient, out var plan) && plan.AttachmentsSeparate ? attachments : 0;
            return Enumerable.Range(0, separate + 1)
                .Select(part => new RecipientDelivery(recipient, DeliveryState.Pending, 0, null, null, part) { StartedAttempt = 1 });
        });
        return this with
        {
            Phase = MessagePhase.Delivering,
            Plans = plans,
            Deliveries = [.. deliveries],
            History = History.AddRange(e.Recipients.Select(r => StatusEntry.Of(DigipoortStatus.AfleverenBezig, e.At,
                details: plans.TryGetValue(r, out var plan) && plan.AttachmentsSeparate && attachments > 0
                    ? $"The message and its {attachments} attachment(s) are delivered separately."
                    : null,
                recipient: r))),
        };
    }

    private MessageState ItemsFinished(BatchItemsFinished e)
    {
        var batch = Batch!;
        var finished = batch.Finished.ToBuilder();
        var delivered = batch.Delivered + e.Delivered.Count(finished.Add);
        foreach (var index in e.NotDelivered) finished.Add(index);
        var after = batch with { Finished = finished.ToImmutable(), Delivered = delivered };

        var history = History;
        // A status at each quarter shows the progress of a large batch without one status per item.
        foreach (var quarter in new[] { 1, 2, 3 })
        {
            var threshold = (batch.Items * quarter + 3) / 4;
            if (batch.Finished.Count < threshold && after.Finished.Count >= threshold && !after.IsComplete)
                history = history.Add(StatusEntry.Of(DigipoortStatus.AfleverenBezig, e.At,
                    details: $"{Count(after.Finished.Count)} of {Count(after.Items)} item(s) ended: "
                        + $"{Count(after.Delivered)} delivered, {Count(after.NotDelivered)} not delivered."));
        }
        if (after.IsComplete)
            history = history.Add(after.NotDelivered == 0
                ? StatusEntry.Of(DigipoortStatus.AfleverenGelukt, e.At,
                    details: $"All {Count(after.Items)} item(s) of the batch were delivered.")
                : StatusEntry.Of(DigipoortStatus.AfleverenNietGelukt, e.At, FaultCodes.DeliveryRefused,
                    $"{Count(after.NotDelivered)} of {Count(after.Items)} item(s) of the batch were not delivered; "
                    + "see the items' own statuses."));

        return this with
        {
            Batch = after,
            Phase = after.IsComplete ? MessagePhase.Completed : Phase,
            History = history,
        };
    }

    /// <summary>
    /// The attempt is under way: due now, no longer waiting. No status (the outcome brings one); an ended
    /// delivery is left as it is.
    /// </summary>
    private MessageState AttemptStarted(DeliveryAttemptStarted e) => this with
    {
        Deliveries = Deliveries.ConvertAll(d => d.Recipient == e.Recipient && d.Part == e.Part && !d.IsFinal
            ? d with { State = DeliveryState.Pending, NextAttemptAt = null, StartedAttempt = Math.Max(d.StartedAttempt, e.Attempt) }
            : d),
    };

    // An outcome also counts its attempt as started: journals written before attempts were recorded have
    // outcomes of later attempts without a DeliveryAttemptStarted.
    private MessageState WithDelivery(string recipient, int part, DeliveryState deliveryState, int attempts,
        DateTimeOffset? nextAttemptAt, DateTimeOffset? completedAt, StatusEntry status) =>
        WithDeliveries(d => d.Recipient == recipient && d.Part == part
            ? d with
            {
                State = deliveryState,
                Attempts = attempts,
                StartedAttempt = Math.Max(d.StartedAttempt, attempts),
                NextAttemptAt = nextAttemptAt,
                CompletedAt = completedAt,
            }
            : d, status);

    private MessageState WithDeliveries(Func<RecipientDelivery, RecipientDelivery> change, StatusEntry status)
    {
        var deliveries = Deliveries.ConvertAll(change);
        return this with
        {
            Deliveries = deliveries,
            Phase = deliveries.TrueForAll(d => d.IsFinal) ? MessagePhase.Completed : Phase,
            History = History.Add(status),
        };
    }

    /// <summary>Names the attachment a delivery status is about; empty for the message itself.</summary>
    private string PartPrefix(int part) =>
        part == 0 ? "" : $"Bijlage {part} ('{Envelope!.BerichtBijlagen[part - 1].Bestandsnaam}'): ";

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
