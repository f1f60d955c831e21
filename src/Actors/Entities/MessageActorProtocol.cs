using Akka.Actor;
using Akka.Event;
using Digipoort.Actors.Delivery;
using Digipoort.Actors.Processing;

namespace Digipoort.Actors.Entities;

// Messages a message actor sends itself: results of work run off its mailbox and timer ticks.
// They never leave the node, so they are exempt from serialization checks.

internal sealed record ProcessingFinished(DocumentProcessingResult Result) : INoSerializationVerificationNeeded;

internal sealed record DeliveryFinished(string Recipient, int Part, int Attempt, DeliveryOutcome Outcome) : INoSerializationVerificationNeeded;

/// <summary>Releasing items of a batch ended; <see cref="Failure"/> says why it did not complete.</summary>
internal sealed record ItemsReleaseFinished(int From, int Count, string? Failure) : INoSerializationVerificationNeeded;

/// <summary>Items that told the batch they ended arrived since the last write: record them now.</summary>
internal sealed class RecordEndedItems : INoSerializationVerificationNeeded
{
    public static readonly RecordEndedItems Instance = new();

    private RecordEndedItems() { }
}

/// <summary>A timer fired: re-derive the outstanding work.</summary>
internal sealed class WakeUp : INoSerializationVerificationNeeded, IDeadLetterSuppression
{
    public static readonly WakeUp Instance = new();

    private WakeUp() { }
}

/// <summary>The batch did not answer in time: tell it again.</summary>
internal sealed class RetryBatchNotification : INoSerializationVerificationNeeded, IDeadLetterSuppression
{
    public static readonly RetryBatchNotification Instance = new();

    private RetryBatchNotification() { }
}

/// <summary>
/// The shard hands this message over to another node (its node leaves, or a rebalance): finish the work that is
/// running — a delivery in progress gets its answer and its outcome recorded — start nothing new, then stop. Sent by the
/// local shard in place of a plain stop, so a graceful leave repeats no delivery.
/// </summary>
public sealed class StopAfterRunningWork : INoSerializationVerificationNeeded
{
    public static readonly StopAfterRunningWork Instance = new();

    private StopAfterRunningWork() { }
}
