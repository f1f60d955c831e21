namespace Digipoort.Actors.Entities;

/// <summary>Something the message actor must do (or arrange) given its state and the time.</summary>
public abstract record WorkItem
{
    private WorkItem() { }

    /// <summary>Validate the document now.</summary>
    public sealed record Validate : WorkItem;

    /// <summary>Attempt delivery to this recipient now.</summary>
    public sealed record Deliver(string Recipient) : WorkItem;

    /// <summary>Nothing to do until <see cref="At"/>: arm a timer under <see cref="Key"/>.</summary>
    public sealed record WakeAt(string Key, DateTimeOffset At) : WorkItem;
}

/// <summary>
/// Derives the outstanding work from the state alone, so that the same function drives the normal
/// flow, a restart (after recovery) and a retry timer firing.
/// </summary>
public static class MessageWork
{
    public const string ValidationTimerKey = "validate";

    public static string DeliveryTimerKey(string recipient) => "deliver:" + recipient;

    public static IReadOnlyList<WorkItem> Outstanding(MessageState state, DateTimeOffset now) => state.Phase switch
    {
        MessagePhase.Validating when state.ValidationRetryAt is { } at && at > now =>
            [new WorkItem.WakeAt(ValidationTimerKey, at)],
        MessagePhase.Validating => [new WorkItem.Validate()],
        MessagePhase.Delivering => [.. state.Deliveries.Where(d => !d.IsFinal).Select(d =>
            d.NextAttemptAt is { } next && next > now
                ? new WorkItem.WakeAt(DeliveryTimerKey(d.Recipient), next)
                : (WorkItem)new WorkItem.Deliver(d.Recipient))],
        _ => [],
    };
}
