using Digipoort.Actors.Delivery;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
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
            new MessageSubmitted(command.Kenmerk, command.Sender, command.Envelope, now + deliveryWindow, now),
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

    /// <param name="recipients">The recipients routing chose for this message (possibly none).</param>
    public static IReadOnlyList<IMessageEvent> ValidationCompleted(MessageState state, bool isValid,
        IReadOnlyList<Finding> findings, IReadOnlyList<string> recipients, DateTimeOffset now)
    {
        if (state.Phase != MessagePhase.Validating) return Nothing; // a late result after a restart

        if (!isValid) return [new DocumentRejected(findings, now)];

        IMessageEvent routing = recipients.Count > 0
            ? new MessageRouted(recipients, now)
            : new RoutingFailed($"No recipient is configured for berichtsoort '{state.Envelope!.Berichtsoort}'.", now);
        return [new DocumentValidated(findings, now), routing];
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
    /// Turns the outcome of one delivery attempt into facts. A technical failure is retried with
    /// backoff, never later than the deadline; the attempt that fails at or after the deadline ends the
    /// delivery with AFS600 and a return-to-sender notice.
    /// </summary>
    public static IReadOnlyList<IMessageEvent> DeliveryAttempted(MessageState state, string recipient,
        DeliveryOutcome outcome, DateTimeOffset now, RetryPolicy policy, double random)
    {
        if (state.Phase != MessagePhase.Delivering || state.DeliveryTo(recipient) is not { IsFinal: false } delivery)
            return Nothing;

        var attempt = delivery.Attempts + 1;
        return outcome switch
        {
            DeliveryOutcome.Delivered d => [new DeliverySucceeded(recipient, attempt, d.HttpStatus, now)],
            DeliveryOutcome.Refused r => [new DeliveryRefused(recipient, attempt, r.HttpStatus, r.Detail, now)],
            DeliveryOutcome.TechnicalFailure f when now >= state.DeliveryDeadline =>
                [new DeliveryExpired(recipient, attempt, f.Detail, now)],
            DeliveryOutcome.TechnicalFailure f =>
            [
                new DeliveryAttemptFailed(recipient, attempt, f.Detail,
                    Min(now + policy.DelayAfter(attempt, random), state.DeliveryDeadline!.Value), now),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown delivery outcome."),
        };
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
