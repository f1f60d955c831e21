using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing.Splitting;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Tests.Support;
using static Digipoort.Tests.Lifecycle.MessageFixtures;

namespace Digipoort.Tests.Entities;

/// <summary>
/// What a message remembers of its batch work between writes: that a release or a notification is not started twice,
/// that a failed release starts again from its first item, and that item endings arriving together are written once.
/// Releases run against a real blob store whose batch index is missing, so they fail the way a lost index would.
/// </summary>
public sealed class BatchCoordinationTests : TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly TempDirectory _blobs = new();
    private readonly RecordingTimers _timers = new();

    private static MessageState AwaitingItems(int items, bool ordered) => Replay(
    [
        .. AcceptedEvents(),
        new DocumentValidated([], T0),
        new BatchSplit(items, "Factuur", new BlobRef(new string('c', 64), 100), ordered, T0),
    ]);

    private (BatchCoordination Coordination, Akka.TestKit.TestProbe Self, Akka.TestKit.TestProbe Region) Coordinate()
    {
        var self = CreateTestProbe();
        var region = CreateTestProbe();
        var release = new BatchItemRelease(new FileBlobStore(_blobs.Path, BlobKeyRing.Generate()), () => region.Ref, 2,
            TimeSpan.FromSeconds(5), new NodeCapacity(int.MaxValue, TimeSpan.FromDays(1)));
        var coordination = new BatchCoordination(release, () => region.Ref, MessageLifecycleSettings.Default, () => 0.5,
            self.Ref, _timers, Sys.Log, CancellationToken.None);
        return (coordination, self, region);
    }

    [Fact]
    public void A_failed_release_starts_again_from_its_first_item_after_a_backoff_and_never_runs_twice_at_once()
    {
        var (coordination, self, _) = Coordinate();
        var state = AwaitingItems(4, ordered: false);

        coordination.Release(new WorkItem.ReleaseItems(0, 4), state);
        coordination.Release(new WorkItem.ReleaseItems(0, 4), state);
        Assert.True(coordination.IsBusy);
        var failed = self.ExpectMsg<ItemsReleaseFinished>();
        self.ExpectNoMsg(Quiet);
        Assert.StartsWith(nameof(BlobNotFoundException), failed.Failure);

        Assert.Null(coordination.ReleaseFinished(failed, state, T0));
        Assert.False(coordination.IsBusy);
        Assert.Equal(("release-items", (object)WakeUp.Instance), _timers.Started.Single());

        coordination.Release(new WorkItem.ReleaseItems(0, 4), state);
        var again = self.ExpectMsg<ItemsReleaseFinished>();
        Assert.Equal((0, 4), (again.From, again.Count));
    }

    [Fact]
    public void A_completed_release_is_recorded_and_its_items_are_not_released_again_in_this_incarnation()
    {
        var (coordination, self, _) = Coordinate();
        var state = AwaitingItems(3, ordered: true);

        coordination.Release(new WorkItem.ReleaseItems(0, 1), state);
        self.ExpectMsg<ItemsReleaseFinished>();
        // An ordered batch records nothing for a release: the item's ending says it was released.
        Assert.Empty(coordination.ReleaseFinished(new ItemsReleaseFinished(0, 1, null), state, T0)!);

        coordination.Release(new WorkItem.ReleaseItems(0, 1), state);
        self.ExpectNoMsg(Quiet);
        coordination.Release(new WorkItem.ReleaseItems(1, 1), state);
        Assert.Equal(1, self.ExpectMsg<ItemsReleaseFinished>().From);

        var unordered = AwaitingItems(3, ordered: false);
        var recorded = coordination.ReleaseFinished(new ItemsReleaseFinished(0, 3, null), unordered, T0);
        Assert.IsType<BatchItemsReleased>(Assert.Single(recorded!));
    }

    [Fact]
    public void Endings_arriving_together_are_written_once_each_and_every_item_that_told_is_answered()
    {
        var (coordination, self, _) = Coordinate();
        var state = AwaitingItems(4, ordered: false);
        var (first, second) = (CreateTestProbe(), CreateTestProbe());
        var parent = state.Kenmerk!;

        coordination.ItemEnded(new BatchItemEnded(parent, 0, Delivered: true), first.Ref);
        coordination.ItemEnded(new BatchItemEnded(parent, 1, Delivered: false), second.Ref);
        coordination.ItemEnded(new BatchItemEnded(parent, 0, Delivered: true), first.Ref); // told again: no answer yet
        self.ExpectMsg<RecordEndedItems>();
        self.ExpectNoMsg(Quiet);
        Assert.True(coordination.IsBusy);

        var (events, answerItems) = coordination.TakeEndedItems(state, T0);
        var finished = Assert.IsType<BatchItemsFinished>(Assert.Single(events));
        Assert.Equal([0], finished.Delivered);
        Assert.Equal([1], finished.NotDelivered);
        Assert.False(coordination.IsBusy);

        first.ExpectNoMsg(TimeSpan.Zero); // answered only once the write is durable
        answerItems();
        Assert.Equal([0, 0], [first.ExpectMsg<BatchItemEndedAck>().Index, first.ExpectMsg<BatchItemEndedAck>().Index]);
        Assert.Equal(1, second.ExpectMsg<BatchItemEndedAck>().Index);

        coordination.ItemEnded(new BatchItemEnded(parent, 2, Delivered: true), first.Ref);
        self.ExpectMsg<RecordEndedItems>(); // the next burst asks for its own write
    }

    [Fact]
    public void An_item_tells_its_batch_once_and_again_only_when_the_batch_did_not_answer_in_time()
    {
        var (coordination, _, region) = Coordinate();
        var item = Replay(
            new MessageSubmitted(Submit().Kenmerk, Sender, Envelope(), T0 + Window, T0, new BatchItemRef("parent-kenmerk", 3)),
            new SenderRefused("Not in the matrix.", T0));
        Assert.True(item.MustNotifyBatch);

        coordination.NotifyBatch(item);
        coordination.NotifyBatch(item);
        Assert.Equal(new BatchItemEnded("parent-kenmerk", 3, Delivered: false), region.ExpectMsg<BatchItemEnded>());
        region.ExpectNoMsg(Quiet);
        Assert.Equal(("notify-batch", (object)RetryBatchNotification.Instance), _timers.Started.Single());

        coordination.NotificationUnanswered();
        coordination.NotifyBatch(item);
        region.ExpectMsg<BatchItemEnded>();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _blobs.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Records the timers started; none fires (the tests act as the timer).</summary>
    private sealed class RecordingTimers : ITimerScheduler
    {
        public List<(string Key, object Message)> Started { get; } = [];

        public void StartSingleTimer(object key, object msg, TimeSpan timeout) => Started.Add(((string)key, msg));

        public void StartSingleTimer(object key, object msg, TimeSpan timeout, IActorRef sender) => Started.Add(((string)key, msg));

        public void StartPeriodicTimer(object key, object msg, TimeSpan interval) => throw new NotSupportedException();

        public void StartPeriodicTimer(object key, object msg, TimeSpan interval, IActorRef sender) => throw new NotSupportedException();

        public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval) => throw new NotSupportedException();

        public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval, IActorRef sender) =>
            throw new NotSupportedException();

        public bool IsTimerActive(object key) => Started.Exists(t => Equals(t.Key, key));

        public IReadOnlyCollection<object> ActiveTimers => [.. Started.Select(t => (object)t.Key)];

        public void Cancel(object key) => Started.RemoveAll(t => Equals(t.Key, key));

        public void CancelAll() => Started.Clear();
    }
}
