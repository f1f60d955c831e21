using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Digipoort.Actors.SenderViews;

/// <summary>
/// Keeps the sender-side read model up to date: follows every event of the messages' journal (allEvents, in
/// the journal's own order from the offset the store last committed), in batches, and restarts with backoff
/// when the journal or the database fails. Runs as a cluster singleton, so one node projects while the others
/// only read. The messages' journal holds nothing but message events, so no tags are needed: a tag costs a row
/// of its own per event, inserted one by one, where untagged events are written in multi-row batches.
/// </summary>
public sealed class SenderViewProjector : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UniqueKillSwitch? _killSwitch;

    public SenderViewProjector(SenderViewStore store, MessageJournalReader reader)
    {
        var self = Self;
        ReceiveAsync<Start>(async _ =>
        {
            await store.EnsureCreatedAsync();
            var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var materializer = Context.System.Materializer();
            EarlierEvents earlier = reader.EventsAsync;
            var log = _log;
            var settings = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2);
            _killSwitch = RestartSource.OnFailuresWithBackoff(() =>
                    Source.FromTask(store.OffsetAsync())
                        .ConcatMany(offset => journal.AllEvents(Offset.Sequence(offset)))
                        .GroupedWithin(256, TimeSpan.FromMilliseconds(100))
                        .SelectAsync(1, async batch =>
                        {
                            await store.ApplyAsync([.. batch], earlier);
                            return NotUsed.Instance;
                        })
                        .WatchTermination((_, done) =>
                        {
                            done.ContinueWith(t =>
                            {
                                if (t.IsFaulted) log.Warning(t.Exception, "Sender view projection failed; restarting");
                            }, TaskScheduler.Default);
                            return NotUsed.Instance;
                        }), settings)
                .ViaMaterialized(KillSwitches.Single<NotUsed>(), Keep.Right)
                .To(Sink.Ignore<NotUsed>())
                .Run(materializer);
        });
        self.Tell(Start.Instance);
    }

    protected override void PostStop()
    {
        _killSwitch?.Shutdown();
        base.PostStop();
    }

    private sealed class Start
    {
        public static readonly Start Instance = new();
    }
}
