using Digipoort.Actors.Delivery;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing;
using Digipoort.Actors.Processing.Authorisation;

namespace Digipoort.Actors.Entities;

/// <summary>
/// The business rules of the message lifecycle as pure functions: state + input + the current time
/// (and, where needed, a random draw) in, events out. The actor only gathers the inputs, persists the
/// events and carries out the side effects; everything decidable is decided here.
/// </summary>
public static class MessageDecisions
{
    private static readonly IReadOnlyList<IMessageEvent> Nothing = [];

    public static (SubmitOutcome Outcome, IReadOnlyList<IMessageEvent> Events) Submit(
        MessageState state, SubmitMessage command, AuthorisationDecision authorisation, DateTimeOffset now,
        TimeSpan deliveryWindow)
    {
        if (state.Phase != MessagePhase.Empty)
            return (IsSameSubmission(state, command) ? SubmitOutcome.Duplicate : SubmitOutcome.Conflict, Nothing);

        IMessageEvent verdict = authorisation.Allowed
            ? new SenderAuthorised(now)
            : new SenderRefused(authorisation.Reason ?? "Not authorised.", now);
        return (SubmitOutcome.Accepted,
        [
            new MessageSubmitted(command.Kenmerk, command.Sender, command.Envelope, now + deliveryWindow, now, command.Batch),
            verdict,
        ]);
    }

    /// <summary>
    /// The same sender, berichtsoort and content (document and attachments, by hash) is the same
    /// submission; anything else under the same aanleverkenmerk is a conflict.
    /// </summary>
    public static bool IsSameSubmission(MessageState state, SubmitMessage command) =>
        state.Sender == command.Sender
        && state.Envelope is { } existing
        && existing.Berichtsoort == command.Envelope.Berichtsoort
        && existing.BerichtInhoud.Content == command.Envelope.BerichtInhoud.Content
        && existing.BerichtBijlagen.Select(b => b.Content).SequenceEqual(command.Envelope.BerichtBijlagen.Select(b => b.Content));

    /// <summary>Turns the outcome of processing the document (other than "could not run") into facts.</summary>
    public static IReadOnlyList<IMessageEvent> ProcessingCompleted(MessageState state, DocumentProcessingResult result,
        DateTimeOffset now)
    {
        if (state.Phase != MessagePhase.Validating) return Nothing; // a late result after a restart

        return result switch
        {
            DocumentProcessingResult.Rejected r => [new DocumentRejected(r.Findings, now)],
            DocumentProcessingResult.Unroutable u => [new DocumentValidated(u.Warnings, now), new RoutingFailed(u.Detail, now)],
            DocumentProcessingResult.Split { Items: 0 } s =>
                [new DocumentValidated(s.Warnings, now), new RoutingFailed("The batch holds no items.", now)],
            DocumentProcessingResult.Split s =>
                [new DocumentValidated(s.Warnings, now), new BatchSplit(s.Items, s.ItemBerichtsoort, s.Index, s.Ordered, now)],
            DocumentProcessingResult.Routed r =>
            [
                new DocumentValidated(r.Warnings, now),
                new MessageRouted(r.Recipients, now, r.Plans.Count == 0 ? null : r.Plans),
                .. r.Recipients.Where(r.TransformationFailures.ContainsKey)
                    .Select(recipient => new TransformationFailed(recipient, r.TransformationFailures[recipient], now)),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(result), result, "Not a completed processing result."),
        };
    }

    public static IReadOnlyList<IMessageEvent> ValidationCouldNotRun(MessageState state, string detail,
        DateTimeOffset now, RetryPolicy policy, int maxAttempts, double random)
    {
        if (state.Phase != MessagePhase.Validating) return Nothing;

        var attempt = state.ValidationAttempts + 1;
        DateTimeOffset? retryAt = attempt < maxAttempts ? now + policy.DelayAfter(attempt, random) : null;
        return [new ValidationFailedTechnically(attempt, detail, retryAt, now)];
    }

    /// <summary>
    /// Which attempt of a due delivery to make, and what must be durable before it is made. The first attempt
    /// counts as started once the message is routed, so the actor that wrote the routing makes it without a
    /// further write (<paramref name="startedAttemptUnused"/>). Any other attempt is recorded first under the
    /// next number: a retry, and every attempt after a restart, when the last one started may have reached the
    /// recipient without its outcome being recorded. A repeat therefore always carries the same Idempotency-Key
    /// and a higher Digipoort-Poging; a number whose attempt was never made is skipped.
    /// </summary>
    /// <param name="startedAttemptUnused">
    /// This actor recorded the start of the delivery's latest attempt itself and has not made it yet.
    /// </param>
    public static AttemptStart? StartAttempt(MessageState state, string recipient, int part, bool startedAttemptUnused,
        DateTimeOffset now)
    {
        if (state.Phase != MessagePhase.Delivering || state.DeliveryTo(recipient, part) is not { IsFinal: false } delivery)
            return null;

        if (startedAttemptUnused && delivery.StartedAttempt > delivery.Attempts)
            return new AttemptStart(delivery.StartedAttempt, Nothing);
        var attempt = delivery.StartedAttempt + 1;
        return new AttemptStart(attempt, [new DeliveryAttemptStarted(recipient, attempt, now, part)]);
    }

    /// <summary>
    /// Turns the outcome of delivery attempt <paramref name="attempt"/> into facts. A technical failure is
    /// retried with backoff, never later than the deadline; the attempt that fails at or after the deadline
    /// ends the delivery with AFS600 and a return-to-sender notice. An outcome of any but the latest attempt
    /// started is stale and ignored.
    /// </summary>
    public static IReadOnlyList<IMessageEvent> DeliveryAttempted(MessageState state, string recipient, int part, int attempt,
        DeliveryOutcome outcome, DateTimeOffset now, RetryPolicy policy, double random)
    {
        if (state.Phase != MessagePhase.Delivering
            || state.DeliveryTo(recipient, part) is not { IsFinal: false } delivery
            || attempt != delivery.StartedAttempt)
            return Nothing;

        return outcome switch
        {
            DeliveryOutcome.Delivered d => [new DeliverySucceeded(recipient, attempt, d.HttpStatus, now, part)],
            DeliveryOutcome.Refused r => [new DeliveryRefused(recipient, attempt, r.HttpStatus, r.Detail, now, part)],
            DeliveryOutcome.TechnicalFailure f when now >= state.DeliveryDeadline =>
                [new DeliveryExpired(recipient, attempt, f.Detail, now, part)],
            DeliveryOutcome.TechnicalFailure f =>
            [
                new DeliveryAttemptFailed(recipient, attempt, f.Detail,
                    Min(now + policy.DelayAfter(attempt, random), state.DeliveryDeadline!.Value), now, part),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown delivery outcome."),
        };
    }

    /// <summary>
    /// Every item of an unordered batch now has its own message. An ordered batch releases one item at a
    /// time as the one before ends, which its recorded endings already say: nothing to record.
    /// </summary>
    public static IReadOnlyList<IMessageEvent> ItemsReleased(MessageState state, DateTimeOffset now) =>
        state is { Phase: MessagePhase.AwaitingItems, Batch: { Released: false, Ordered: false } batch }
            ? [new BatchItemsReleased(batch.Items, now)]
            : Nothing;

    /// <summary>
    /// Records items that ended. Items already recorded (an item tells again when it did not hear back)
    /// and indexes outside the batch are ignored, so each item counts once.
    /// </summary>
    public static IReadOnlyList<IMessageEvent> ItemsFinished(MessageState state,
        IReadOnlyCollection<(int Index, bool Delivered)> items, DateTimeOffset now)
    {
        if (state is not { Phase: MessagePhase.AwaitingItems, Batch: { } batch }) return Nothing;

        var fresh = items.Where(i => i.Index >= 0 && i.Index < batch.Items && !batch.Finished.Contains(i.Index))
            .DistinctBy(i => i.Index).ToList();
        return fresh.Count == 0
            ? Nothing
            : [new BatchItemsFinished([.. fresh.Where(i => i.Delivered).Select(i => i.Index)],
                [.. fresh.Where(i => !i.Delivered).Select(i => i.Index)], now)];
    }

    /// <summary>The batch recorded how this item ended.</summary>
    public static IReadOnlyList<IMessageEvent> BatchAcknowledged(MessageState state, DateTimeOffset now) =>
        state.MustNotifyBatch ? [new BatchNotified(now)] : Nothing;

    /// <summary>
    /// <paramref name="events"/>, followed by <see cref="MessageEnded"/> when they leave the message with nothing left to
    /// do and that is not recorded yet. Every write of the message goes through this, so the end is recorded in the same
    /// write as the event that ended it; with no events, it records an end that an older journal lacks.
    /// </summary>
    public static IReadOnlyList<IMessageEvent> WithEnding(MessageState state, IReadOnlyList<IMessageEvent> events, DateTimeOffset now)
    {
        return events.Aggregate(state, MessageState.Apply).MustRecordEnd ? [.. events, new MessageEnded(now)] : events;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}

/// <summary>The attempt a delivery makes next, and the events that must be durable before it is made (none for
/// a first attempt the routing already counted).</summary>
public sealed record AttemptStart(int Attempt, IReadOnlyList<IMessageEvent> RecordFirst);
