using Akka.Actor;
using Akka.Event;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing.Splitting;

namespace Digipoort.Actors.Entities;

/// <summary>
/// What a message does as part of a batch, on either side, and what it must remember meanwhile that is not in its
/// journal. A batch releases its items to messages of their own and gathers their endings; an item tells its batch how
/// it ended until the batch answers. The journal decides what is outstanding (<see cref="MessageWork"/>); this holds
/// what is under way in this incarnation so that it is not started twice, and forgets it on a restart, when the
/// journal's view is started again and the receivers take repeats as duplicates.
/// </summary>
/// <remarks>
/// Owned by <see cref="MessageActor"/> and called only from its mailbox, so it needs no locking. It decides no event
/// itself (<see cref="MessageDecisions"/> does); it returns what to persist and the actor persists it.
/// </remarks>
/// <param name="retryRandom">A draw from [0, 1) for the jitter of a failed release's retry.</param>
internal sealed class BatchCoordination(
    BatchItemRelease release,
    Func<IActorRef> messageRegion,
    MessageLifecycleSettings settings,
    Func<double> retryRandom,
    IActorRef self,
    ITimerScheduler timers,
    ILoggingAdapter log,
    CancellationToken stopping)
{
    private const string NotificationTimerKey = "notify-batch";
    private const string ReleaseRetryTimerKey = "release-items";

    private readonly List<(BatchItemEnded Item, IActorRef ReplyTo)> _endedItems = [];
    private bool _releaseRunning;
    // The highest item an ordered batch has released in this incarnation; after a restart the current one
    // is released again, which the item answers as a duplicate.
    private int _releasedThrough = -1;
    private bool _notificationSent;

    /// <summary>A release is running, or endings are waiting to be recorded: the message cannot rest yet.</summary>
    public bool IsBusy => _releaseRunning || _endedItems.Count > 0;

    /// <summary>Starts releasing <paramref name="work"/>'s items unless a release is running or they were released already.</summary>
    public void Release(WorkItem.ReleaseItems work, MessageState state)
    {
        if (_releaseRunning || work.From + work.Count - 1 <= _releasedThrough) return;
        _releaseRunning = true;
        _releasedThrough = work.From + work.Count - 1;
        var batch = new BatchToRelease(Kenmerk.Parse(state.Kenmerk!), state.Sender!.Value, state.Envelope!, state.Batch!);
        var (from, count) = (work.From, work.Count);
        var token = stopping;
        Task.Run(() => release.ReleaseAsync(batch, from, count, token), token).PipeTo(self,
            success: () => new ItemsReleaseFinished(from, count, null),
            failure: ex => new ItemsReleaseFinished(from, count, $"{ex.GetType().Name}: {ex.Message}"));
    }

    /// <summary>
    /// The events that record a completed release, or null when it failed: the items from the first of the failed
    /// range on are then released again after a backoff (a timer sends <see cref="WakeUp"/>), and nothing is recorded.
    /// </summary>
    public IReadOnlyList<IMessageEvent>? ReleaseFinished(ItemsReleaseFinished finished, MessageState state, DateTimeOffset now)
    {
        _releaseRunning = false;
        if (finished.Failure is not { } failure) return MessageDecisions.ItemsReleased(state, now);

        log.Warning("Batch {Kenmerk}: releasing items {From}..{To} failed, retrying: {Failure}",
            state.Kenmerk, finished.From, finished.From + finished.Count - 1, failure);
        _releasedThrough = finished.From - 1;
        timers.StartSingleTimer(ReleaseRetryTimerKey, WakeUp.Instance, settings.ValidationRetry.DelayAfter(1, retryRandom()));
        return null;
    }

    /// <summary>
    /// Items report as they end, thousands of them for a large batch: they are gathered and written together once the
    /// mailbox has delivered what arrived meanwhile (the first one asks for <see cref="RecordEndedItems"/>).
    /// </summary>
    public void ItemEnded(BatchItemEnded ended, IActorRef replyTo)
    {
        _endedItems.Add((ended, replyTo));
        if (_endedItems.Count == 1) self.Tell(RecordEndedItems.Instance);
    }

    /// <summary>The endings gathered so far as events, and how to answer their items once those are durable.</summary>
    public (IReadOnlyList<IMessageEvent> Events, Action AnswerItems) TakeEndedItems(MessageState state, DateTimeOffset now)
    {
        var ended = _endedItems.ToList();
        _endedItems.Clear();
        var events = MessageDecisions.ItemsFinished(state, [.. ended.Select(e => (e.Item.Index, e.Item.Delivered))], now);
        return (events, AnswerItems);

        void AnswerItems()
        {
            foreach (var (item, replyTo) in ended) replyTo.Tell(new BatchItemEndedAck(item.Index));
        }
    }

    /// <summary>Tells this item's batch how it ended, and again after a while until the batch answers.</summary>
    public void NotifyBatch(MessageState state)
    {
        if (_notificationSent) return;
        _notificationSent = true;
        var item = state.BatchItem!;
        messageRegion().Tell(new BatchItemEnded(item.ParentKenmerk, item.Index, state.IsDelivered), self);
        timers.StartSingleTimer(NotificationTimerKey, RetryBatchNotification.Instance, settings.BatchNotificationRetry);
    }

    /// <summary>The batch did not answer in time: the next <see cref="NotifyBatch"/> tells it again.</summary>
    public void NotificationUnanswered() => _notificationSent = false;
}
