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
    /// <summary>Final: the sender may not submit this berichtsoort (210).</summary>
    Refused,
    /// <summary>Final: the document breaks its specification (311).</summary>
    Rejected,
    /// <summary>Final: validation could not be carried out, retries exhausted (321 / VAS400).</summary>
    ValidationAborted,
    /// <summary>Final: no recipient could be determined (410 / AFS100).</summary>
    Undeliverable,
    /// <summary>Final: every recipient's delivery ended (400, 410 or 420 + AFS600).</summary>
    Completed,
}

/// <summary>Where the delivery to one recipient is.</summary>
public enum DeliveryState
{
    /// <summary>Routed; the (next) attempt may start now.</summary>
    Pending = 0,
    /// <summary>The last attempt failed technically; the next is due at NextAttemptAt.</summary>
    Waiting,
    Delivered,
    Refused,
    Expired,
}

public sealed record RecipientDelivery(
    string Recipient,
    DeliveryState State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt)
{
    public bool IsFinal => State is DeliveryState.Delivered or DeliveryState.Refused or DeliveryState.Expired;
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

    /// <summary>In routing order (the order the catalogue lists the recipients).</summary>
    public ImmutableList<RecipientDelivery> Deliveries { get; init; } = [];

    public ImmutableList<StatusEntry> History { get; init; } = [];
    public ImmutableList<ReturnToSenderNotice> ReturnedToSender { get; init; } = [];

    public bool IsFinal => Phase is MessagePhase.Refused or MessagePhase.Rejected or MessagePhase.ValidationAborted
        or MessagePhase.Undeliverable or MessagePhase.Completed;

    public RecipientDelivery? DeliveryTo(string recipient) => Deliveries.Find(d => d.Recipient == recipient);
}
