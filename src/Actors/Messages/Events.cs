using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Messages;

// The facts in a message's journal. Each carries its own timestamp so Apply never reads a clock.
// Statuses are derived from these events (see MessageState.Apply), never stored separately.

/// <summary>
/// The submission was taken (statuses 105, 100, 110). <see cref="Batch"/> is set when the message is an
/// item cut out of a batch: it then belongs to that batch and reports back to it when it ends.
/// </summary>
public sealed record MessageSubmitted(
    string Kenmerk,
    SenderIdentity Sender,
    MessageEnvelope Envelope,
    DateTimeOffset DeliveryDeadline,
    DateTimeOffset At,
    BatchItemRef? Batch = null) : IMessageEvent;

/// <summary>The sender may submit this berichtsoort (status 200).</summary>
public sealed record SenderAuthorised(DateTimeOffset At) : IMessageEvent;

/// <summary>The sender may not submit this berichtsoort (status 210, final).</summary>
public sealed record SenderRefused(string Reason, DateTimeOffset At) : IMessageEvent;

/// <summary>The document satisfies its specification (status 301); warnings are reported, not fatal.</summary>
public sealed record DocumentValidated(IReadOnlyList<Finding> Warnings, DateTimeOffset At) : IMessageEvent;

/// <summary>The document breaks its specification (status 311, VAS500, final).</summary>
public sealed record DocumentRejected(IReadOnlyList<Finding> Findings, DateTimeOffset At) : IMessageEvent;

/// <summary>
/// Validation could not be carried out (status 321). With <see cref="RetryAt"/> it will be tried again;
/// without it the process ends (VAS400).
/// </summary>
public sealed record ValidationFailedTechnically(int Attempt, string Detail, DateTimeOffset? RetryAt, DateTimeOffset At)
    : IMessageEvent;

/// <summary>
/// The recipients the message goes to were decided (status 405 for each). <see cref="Plans"/> says, per
/// recipient, which document it gets (a transformation of the original) and whether the attachments
/// travel separately; a recipient without a plan gets the original with its attachments inline.
/// </summary>
public sealed record MessageRouted(IReadOnlyList<string> Recipients, DateTimeOffset At, IReadOnlyList<DeliveryPlan>? Plans = null)
    : IMessageEvent;

/// <summary>
/// The document could not be transformed into the format <see cref="Recipient"/> takes (status 321 with
/// VAS400 for that recipient, final for it); the other recipients are not affected.
/// </summary>
public sealed record TransformationFailed(string Recipient, string Detail, DateTimeOffset At) : IMessageEvent;

/// <summary>
/// The batch was cut into <see cref="Items"/> messages of their own; <see cref="Index"/> lists their
/// documents in delivery order (status 405). With <see cref="Ordered"/> each item is released only once
/// the one before it has ended.
/// </summary>
public sealed record BatchSplit(int Items, string ItemBerichtsoort, BlobRef Index, bool Ordered, DateTimeOffset At)
    : IMessageEvent;

/// <summary>Every item of an unordered batch was handed to its own message (no status: bookkeeping).</summary>
public sealed record BatchItemsReleased(int Items, DateTimeOffset At) : IMessageEvent;

/// <summary>
/// Items of the batch ended: delivered to every recipient, or not. When the last one ends, so does the
/// batch (status 400 when all were delivered, else 410).
/// </summary>
public sealed record BatchItemsFinished(IReadOnlyList<int> Delivered, IReadOnlyList<int> NotDelivered, DateTimeOffset At)
    : IMessageEvent;

/// <summary>This item's batch has recorded how it ended, so it need not be told again (no status).</summary>
public sealed record BatchNotified(DateTimeOffset At) : IMessageEvent;

/// <summary>
/// Nothing is left to do for this message: it is final and, when it is an item of a batch, its batch knows (no
/// status: bookkeeping). Written with the event that ended it. The durable wake-up
/// (<c>SenderViews.MessageWakeUps</c>) stops watching the message when it reads this.
/// </summary>
public sealed record MessageEnded(DateTimeOffset At) : IMessageEvent;

/// <summary>No recipient could be determined (status 410, AFS100, final).</summary>
public sealed record RoutingFailed(string Detail, DateTimeOffset At) : IMessageEvent;

// Delivery events name the part: 0 is the message itself, n > 0 its n-th attachment when the recipient
// takes attachments as separate deliveries.

/// <summary>
/// Attempt <see cref="Attempt"/> of a delivery is about to be made (no status: bookkeeping). Written before
/// every attempt but the first, whose start is implied by <see cref="MessageRouted"/>, so that an attempt
/// repeated after a crash or restart carries a higher Digipoort-Poging than the one that may have been in flight.
/// </summary>
public sealed record DeliveryAttemptStarted(string Recipient, int Attempt, DateTimeOffset At, int Part = 0) : IMessageEvent;

/// <summary>The recipient accepted the message (status 400).</summary>
public sealed record DeliverySucceeded(string Recipient, int Attempt, int HttpStatus, DateTimeOffset At, int Part = 0)
    : IMessageEvent;

/// <summary>The recipient refused the message (status 410, AFS400, final for that recipient).</summary>
public sealed record DeliveryRefused(string Recipient, int Attempt, int HttpStatus, string Detail, DateTimeOffset At, int Part = 0)
    : IMessageEvent;

/// <summary>An attempt failed technically; the next one is due at <see cref="NextAttemptAt"/> (status 420).</summary>
public sealed record DeliveryAttemptFailed(
    string Recipient,
    int Attempt,
    string Detail,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset At,
    int Part = 0) : IMessageEvent;

/// <summary>
/// Delivery kept failing until the deadline (status 420 with AFS600, final for that recipient); a
/// return-to-sender notice is kept for the sender.
/// </summary>
public sealed record DeliveryExpired(string Recipient, int Attempts, string LastDetail, DateTimeOffset At, int Part = 0)
    : IMessageEvent;
