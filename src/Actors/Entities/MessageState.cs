using System.Collections.Immutable;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.Entities;

/// <summary>Where a message is in its lifecycle.</summary>
public enum MessagePhase
{
    /// <summary>Nothing was submitted under this kenmerk.</summary>
    Empty = 0,
    /// <summary>Taken in; the authorisation outcome follows in the same write.</summary>
    Submitted,
    /// <summary>Authorised (200); waiting for validation or its retry.</summary>
    Validating,
    /// <summary>Delivering to one or more recipients.</summary>
    Delivering,
    /// <summary>A batch cut into item messages, waiting for them to end.</summary>
    AwaitingItems,
    /// <summary>Final: the sender may not submit this berichtsoort (210).</summary>
    Refused,
    /// <summary>Final: the document breaks its specification (311).</summary>
    Rejected,
    /// <summary>Final: validation could not be carried out, retries exhausted (321 / VAS400).</summary>
    ValidationAborted,
    /// <summary>Final: no recipient could be determined (410 / AFS100).</summary>
    Undeliverable,
    /// <summary>Final: every delivery ended (400, 410, 420 + AFS600 or 321), or every item of the batch did.</summary>
    Completed,
}

/// <summary>Where the delivery of one part to one recipient is.</summary>
public enum DeliveryState
{
    /// <summary>Routed; the (next) attempt may start now.</summary>
    Pending = 0,
    /// <summary>The last attempt failed technically; the next is due at NextAttemptAt.</summary>
    Waiting,
    Delivered,
    Refused,
    Expired,
    /// <summary>The document could not be transformed into this recipient's format: nothing to deliver.</summary>
    NotTransformed,
}

/// <summary>
/// One delivery: <see cref="Part"/> 0 is the message (with its attachments inline unless they travel
/// separately), n > 0 its n-th attachment delivered on its own. <see cref="Attempts"/> is the number of the
/// last attempt whose outcome was recorded (the Digipoort-Poging it carried).
/// </summary>
public sealed record RecipientDelivery(
    string Recipient,
    DeliveryState State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt,
    int Part = 0)
{
    /// <summary>
    /// The highest attempt started: 1 once routed (the first attempt follows at once), then each
    /// <see cref="Messages.DeliveryAttemptStarted"/>. Above <see cref="Attempts"/> while an attempt has no
    /// recorded outcome, which after a restart means it may have been under way.
    /// </summary>
    public int StartedAttempt { get; init; }

    public bool IsFinal => State is DeliveryState.Delivered or DeliveryState.Refused or DeliveryState.Expired
        or DeliveryState.NotTransformed;
}

/// <summary>A batch's progress: which of its items have ended, and how.</summary>
public sealed record BatchProgress(
    int Items,
    string ItemBerichtsoort,
    BlobRef Index,
    bool Ordered,
    bool Released,
    ImmutableHashSet<int> Finished,
    int Delivered)
{
    public int NotDelivered => Finished.Count - Delivered;

    public bool IsComplete => Finished.Count >= Items;
}

/// <summary>
/// The state of one message, rebuilt from its events by <see cref="Apply"/>. Immutable; the status
/// history is part of it and so is derived from the events as well.
/// </summary>
public sealed partial record MessageState
{
    public static readonly MessageState Empty = new();

    public MessagePhase Phase { get; init; } = MessagePhase.Empty;
    public string? Kenmerk { get; init; }
    public SenderIdentity? Sender { get; init; }
    public MessageEnvelope? Envelope { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? DeliveryDeadline { get; init; }
    public int ValidationAttempts { get; init; }
    public DateTimeOffset? ValidationRetryAt { get; init; }

    /// <summary>In routing order (the order routing chose the recipients), each recipient's parts in order.</summary>
    public ImmutableList<RecipientDelivery> Deliveries { get; init; } = [];

    /// <summary>By recipient; a recipient without a plan gets the original document with attachments inline.</summary>
    public ImmutableDictionary<string, DeliveryPlan> Plans { get; init; } = ImmutableDictionary<string, DeliveryPlan>.Empty;

    public ImmutableList<StatusEntry> History { get; init; } = [];
    public ImmutableList<ReturnToSenderNotice> ReturnedToSender { get; init; } = [];

    /// <summary>Set when this message is a batch that was cut into items.</summary>
    public BatchProgress? Batch { get; init; }

    /// <summary>Set when this message is an item of a batch.</summary>
    public BatchItemRef? BatchItem { get; init; }

    /// <summary>The batch this message belongs to has recorded how it ended.</summary>
    public bool BatchNotified { get; init; }

    public bool IsFinal => Phase is MessagePhase.Refused or MessagePhase.Rejected or MessagePhase.ValidationAborted
        or MessagePhase.Undeliverable or MessagePhase.Completed;

    /// <summary>Final, and every delivery (if any) reached its recipient.</summary>
    public bool IsDelivered => Phase == MessagePhase.Completed
        && (Batch is { } batch ? batch.NotDelivered == 0 : Deliveries.TrueForAll(d => d.State == DeliveryState.Delivered));

    /// <summary>An item whose batch has not yet recorded how it ended.</summary>
    public bool MustNotifyBatch => IsFinal && BatchItem is not null && !BatchNotified;

    /// <summary>Nothing is left to do: final, and a batch item's batch has been told.</summary>
    public bool HasEnded => IsFinal && !MustNotifyBatch;

    /// <summary>The journal says so (<see cref="MessageEnded"/>); messages ended before that event existed lack it.</summary>
    public bool EndRecorded { get; init; }

    /// <summary>Ended, but the journal does not say so yet: the next write must carry <see cref="MessageEnded"/>.</summary>
    public bool MustRecordEnd => HasEnded && !EndRecorded;

    public RecipientDelivery? DeliveryTo(string recipient, int part = 0) =>
        Deliveries.Find(d => d.Recipient == recipient && d.Part == part);

    /// <summary>The plan for <paramref name="recipient"/>, or the default: the original, attachments inline.</summary>
    public DeliveryPlan PlanFor(string recipient) =>
        Plans.TryGetValue(recipient, out var plan) ? plan : new DeliveryPlan(recipient, null, AttachmentsSeparate: false);
}
