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
            History = state.History.AddRange(
            [
                StatusEntry.Of(DigipoortStatus.AanleverprocesGestart, e.At),
                StatusEntry.Of(DigipoortStatus.AanleverenGelukt, e.At),
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
        MessageRouted e => state with
        {
            Phase = MessagePhase.Delivering,
            Deliveries = [.. e.Recipients.Select(r => new RecipientDelivery(r, DeliveryState.Pending, 0, null, null))],
            History = state.History.AddRange(e.Recipients.Select(r =>
                StatusEntry.Of(DigipoortStatus.AfleverenBezig, e.At, recipient: r))),
        },
        RoutingFailed e => state with
        {
            Phase = MessagePhase.Undeliverable,
            History = state.History.Add(StatusEntry.Of(DigipoortStatus.AfleverenNietGelukt, e.At,
                FaultCodes.NoRecipient, e.Detail)),
        },
        DeliverySucceeded e => state.WithDelivery(e.Recipient, DeliveryState.Delivered, e.Attempt, null, e.At,
            StatusEntry.Of(DigipoortStatus.AfleverenGelukt, e.At,
                details: $"Delivered on attempt {e.Attempt} (HTTP {e.HttpStatus}).", recipient: e.Recipient)),
        DeliveryRefused e => state.WithDelivery(e.Recipient, DeliveryState.Refused, e.Attempt, null, e.At,
            StatusEntry.Of(DigipoortStatus.AfleverenNietGelukt, e.At, FaultCodes.DeliveryRefused, e.Detail, e.Recipient)),
        DeliveryAttemptFailed e => state.WithDelivery(e.Recipient, DeliveryState.Waiting, e.Attempt, e.NextAttemptAt, null,
            StatusEntry.Of(DigipoortStatus.TechnischProbleemAfleveren, e.At,
                details: $"Attempt {e.Attempt} failed: {e.Detail}. Next attempt at {Timestamps.Format(e.NextAttemptAt)}.",
                recipient: e.Recipient)),
        DeliveryExpired e => state.WithDelivery(e.Recipient, DeliveryState.Expired, e.Attempts, null, e.At,
            StatusEntry.Of(DigipoortStatus.TechnischProbleemAfleveren, e.At, FaultCodes.DeliveryExpired,
                $"Delivery failed until the deadline after {e.Attempts} attempt(s); returned to sender. Last error: {e.LastDetail}",
                e.Recipient)) with
        {
            ReturnedToSender = state.ReturnedToSender.Add(new ReturnToSenderNotice(e.Recipient,
                $"Could not be delivered to '{e.Recipient}' before the deadline: {e.LastDetail}", e.At)),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown message event."),
    };

    private MessageState WithDelivery(string recipient, DeliveryState deliveryState, int attempts,
        DateTimeOffset? nextAttemptAt, DateTimeOffset? completedAt, StatusEntry status)
    {
        var deliveries = Deliveries.ConvertAll(d => d.Recipient == recipient
            ? d with { State = deliveryState, Attempts = attempts, NextAttemptAt = nextAttemptAt, CompletedAt = completedAt }
            : d);
        return this with
        {
            Deliveries = deliveries,
            Phase = deliveries.TrueForAll(d => d.IsFinal) ? MessagePhase.Completed : Phase,
            History = History.Add(status),
        };
    }
}
