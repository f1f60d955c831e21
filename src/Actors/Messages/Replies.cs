using Digipoort.Actors.Domain;
using Digipoort.Actors.Serialization;

namespace Digipoort.Actors.Messages;

/// <summary>How a submission was taken.</summary>
public enum SubmitOutcome
{
    /// <summary>A new process was started.</summary>
    Accepted = 0,
    /// <summary>The same sender already submitted this aanleverkenmerk with the same content: the existing process.</summary>
    Duplicate = 1,
    /// <summary>The same sender already used this aanleverkenmerk for different content: refused.</summary>
    Conflict = 2,
}

public sealed record SubmitReply(
    SubmitOutcome Outcome,
    string Kenmerk,
    DateTimeOffset AcceptedAt,
    IReadOnlyList<StatusEntry> Statuses) : IDigipoortWireMessage;

/// <summary>Whose message it is: what the API needs to decide who may read it.</summary>
public sealed record MessageOwner(SenderIdentity Sender, string Berichtsoort, Identiteit Belanghebbende);

public sealed record MessageStatusesReply(string Kenmerk, bool Found, MessageOwner? Owner, IReadOnlyList<StatusEntry> Statuses)
    : IDigipoortWireMessage;

/// <summary>The delivery state of one part (0: the message, n: its n-th attachment) to one recipient as the API shows it.</summary>
public sealed record RecipientDeliveryView(
    string Recipient,
    string State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt,
    int Part = 0);

/// <summary>A batch's progress as the API shows it.</summary>
public sealed record BatchView(int Items, string ItemBerichtsoort, bool Ordered, int Finished, int Delivered, int NotDelivered);

/// <summary>What is kept for the sender when delivery could not succeed before the deadline.</summary>
public sealed record ReturnToSenderNotice(string Recipient, string Reason, DateTimeOffset At);

public sealed record MessageSummaryReply(
    string Kenmerk,
    bool Found,
    SenderIdentity? Sender,
    MessageEnvelope? Envelope,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? DeliveryDeadline,
    string Phase,
    bool IsFinal,
    IReadOnlyList<RecipientDeliveryView> Deliveries,
    IReadOnlyList<ReturnToSenderNotice> ReturnedToSender,
    StatusEntry? LatestStatus,
    BatchView? Batch = null,
    BatchItemRef? BatchItem = null) : IDigipoortWireMessage;
