using Digipoort.Actors.Messages;

namespace Digipoort.Actors.Entities;

/// <summary>Something the message actor must do (or arrange) given its state and the time.</summary>
public abstract record WorkItem
{
    private WorkItem() { }

    /// <summary>Validate (and then route, transform or split) the document now.</summary>
    public sealed record Validate : WorkItem;

    /// <summary>Attempt delivery of <see cref="Part"/> to this recipient now.</summary>
    public sealed record Deliver(string Recipient, int Part) : WorkItem;

    /// <summary>Hand the batch's items, from <see cref="From"/> on (<see cref="Count"/> of them), to their own messages.</summary>
    public sealed record ReleaseItems(int From, int Count) : WorkItem;

    /// <summary>Tell the batch this item came from how it ended.</summary>
    public sealed record NotifyBatch : WorkItem;

    /// <summary>Nothing to do until <see cref="At"/>: arm a timer under <see cref="Key"/>.</summary>
    public sealed record WakeAt(string Key, DateTimeOffset At) : WorkItem;
}

/// <summary>
/// Derives the outstanding work from the state alone, so that the same function drives the normal
/// flow, a restart (after recovery) and a retry timer firing.
/// </summary>
/// <remarks>
/// The order of a message's steps. Each row is one write: the events <see cref="MessageDecisions"/> decides from the
/// input, persisted together, then the work this class derives from the new state (<see cref="MessageActor"/> starts
/// it; its result is the next row's input). A message ends when it is final (<see cref="MessageState.IsFinal"/>) and,
/// for a batch's item, its batch has recorded how it ended; the write that ends it also carries <see cref="MessageEnded"/>.
/// <code>
/// phase          input                        events, in one write (statuses they add)          next phase / work
/// Empty          SubmitMessage                MessageSubmitted (105, 100, 110)
///                                               + SenderAuthorised (200)                      Validating: Validate
///                                               | SenderRefused (210, AUS100)                 Refused
/// Validating     processing: rejected         DocumentRejected (311, VAS500)                  Rejected
///                processing: could not run    ValidationFailedTechnically (321)               WakeAt retry | ValidationAborted (VAS400)
///                processing: routed           DocumentValidated (301) + MessageRouted (405 per recipient)
///                                               + TransformationFailed (321) per recipient    Delivering: Deliver each part
///                processing: no recipient     DocumentValidated (301) + RoutingFailed (410, AFS100)   Undeliverable
///                processing: split            DocumentValidated (301) + BatchSplit (405)      AwaitingItems: ReleaseItems
/// Delivering     a retry, or after a restart  DeliveryAttemptStarted, before the attempt is made
///                the attempt's outcome        DeliverySucceeded (400) | DeliveryRefused (410, AFS400)
///                                               | DeliveryAttemptFailed (420)                 WakeAt retry
///                                               | DeliveryExpired (420, AFS600; return to sender)
///                                             the last part's outcome                         Completed
/// AwaitingItems  unordered items released     BatchItemsReleased                              (ordered: one item at a time)
///                item endings, gathered       BatchItemsFinished (405 per quarter; 400 | 410 at the last)   Completed at the last
/// final, item    (until the batch answers)                                                    NotifyBatch
///                the batch's answer           BatchNotified
/// </code>
/// Queries (<see cref="MessageViews"/>) change nothing. A batch's side of this (releasing items, gathering their
/// endings, telling the batch) is carried out by <see cref="BatchCoordination"/>.
/// </remarks>
public static class MessageWork
{
    public const string ValidationTimerKey = "validate";

    public static string DeliveryTimerKey(string recipient, int part) => $"deliver:{part}:{recipient}";

    /// <summary>
    /// The deliveries whose first attempt <paramref name="event"/> counts as started: routing does, since
    /// delivery follows at once. The actor that wrote the event makes those attempts without a further
    /// write; an actor that recovers it cannot know whether they were made, and starts the next ones.
    /// </summary>
    public static IEnumerable<(string Recipient, int Part)> FirstAttemptsStartedBy(IMessageEvent @event, MessageState after) =>
        @event is MessageRouted ? after.Deliveries.Where(d => !d.IsFinal).Select(d => (d.Recipient, d.Part)) : [];

    public static IReadOnlyList<WorkItem> Outstanding(MessageState state, DateTimeOffset now) => state switch
    {
        { MustNotifyBatch: true } => [new WorkItem.NotifyBatch()],
        { Phase: MessagePhase.Validating, ValidationRetryAt: { } at } when at > now =>
            [new WorkItem.WakeAt(ValidationTimerKey, at)],
        { Phase: MessagePhase.Validating } => [new WorkItem.Validate()],
        { Phase: MessagePhase.Delivering } => [.. state.Deliveries.Where(d => !d.IsFinal).Select(d =>
            d.NextAttemptAt is { } next && next > now
                ? new WorkItem.WakeAt(DeliveryTimerKey(d.Recipient, d.Part), next)
                : (WorkItem)new WorkItem.Deliver(d.Recipient, d.Part))],
        { Phase: MessagePhase.AwaitingItems, Batch: { Ordered: false, Released: false } batch } =>
            [new WorkItem.ReleaseItems(0, batch.Items)],
        // An ordered batch has released exactly the items that ended, plus the one in progress.
        { Phase: MessagePhase.AwaitingItems, Batch: { Ordered: true } batch } when !batch.IsComplete =>
            [new WorkItem.ReleaseItems(batch.Finished.Count, 1)],
        _ => [],
    };
}
