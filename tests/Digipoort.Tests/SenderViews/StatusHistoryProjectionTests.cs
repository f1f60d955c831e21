using Akka.Persistence.Query;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Actors.SenderViews;
using Digipoort.Tests.Support;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.Extensions.Time.Testing;
using static Digipoort.Tests.Lifecycle.MessageFixtures;

namespace Digipoort.Tests.SenderViews;

/// <summary>
/// The statuses the projection keeps for lists, against a real SQLite database: the message's own history, whichever way
/// the projection came by the state before a batch (held, or rebuilt from the journal), and never twice.
/// </summary>
public sealed class StatusHistoryProjectionTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly DataOptions _options;
    private readonly MessageWakeUps _wakeUps;
    private readonly string _kenmerk = Submit().Kenmerk;
    private readonly IMessageEvent[] _journal;

    public StatusHistoryProjectionTests()
    {
        _options = new DataOptions().UseConnectionString(ProviderName.SQLiteMS, $"Data Source={Path.Combine(_folder.Path, "views.db")}");
        _wakeUps = new MessageWakeUps(_options, WakeUpSettings.Default, new FakeTimeProvider(T0));
        _journal =
        [
            .. AcceptedEvents(),
            new DocumentValidated([], T0.AddSeconds(1)),
            new MessageRouted(["belastingdienst"], T0.AddSeconds(1)),
            new DeliveryAttemptFailed("belastingdienst", 1, "HTTP 503", T0.AddMinutes(1), T0.AddSeconds(2)),
            new DeliverySucceeded("belastingdienst", 2, 202, T0.AddMinutes(1)),
            new MessageEnded(T0.AddMinutes(1)),
        ];
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Statuses_projected_in_several_batches_are_the_messages_own_history()
    {
        var views = await CreatedAsync();

        await views.ApplyAsync(Envelopes(0, 4));
        await views.ApplyAsync(Envelopes(4, 2));
        await views.ApplyAsync(Envelopes(6, _journal.Length - 6));

        Assert.Equal(Expected(), await StoredAsync(views));
    }

    [Fact]
    public async Task A_projection_without_the_state_rebuilds_it_from_the_earlier_events_and_stores_no_status_twice()
    {
        await (await CreatedAsync()).ApplyAsync(Envelopes(0, 5));
        var restarted = await CreatedAsync(); // a new node: nothing held
        var asked = new List<long>();

        // The batch is read again (the write of its successor never committed), and then its successor.
        await restarted.ApplyAsync(Envelopes(3, 3), Earlier(asked));
        await restarted.ApplyAsync(Envelopes(6, _journal.Length - 6), Earlier(asked));

        Assert.Equal(Expected(), await StoredAsync(restarted));
        Assert.Equal([3], asked); // once, for the events before the first batch it saw; then it held the state
    }

    [Fact]
    public async Task A_read_model_from_before_the_status_history_reads_the_journal_again_from_its_start_once()
    {
        var views = await CreatedAsync();
        await views.ApplyAsync(Envelopes(0, _journal.Length));
        await using (var db = new DataConnection(_options))
            await db.ExecuteAsync("DELETE FROM sv_offset WHERE name = 'sv-histories-backfilled'"); // as written before this version

        await views.EnsureCreatedAsync();
        var reset = await views.OffsetAsync();
        await views.ApplyAsync(Envelopes(0, _journal.Length)); // the projection reads it all again
        await views.EnsureCreatedAsync();

        Assert.Equal(0, reset);
        Assert.Equal(_journal.Length, await views.OffsetAsync()); // not reset a second time
        Assert.Equal(Expected(), await StoredAsync(views)); // and nothing stored twice
    }

    private async Task<SenderViewStore> CreatedAsync()
    {
        var views = new SenderViewStore(_options, _wakeUps);
        await views.EnsureCreatedAsync();
        return views;
    }

    private EarlierEvents Earlier(List<long> asked) => (persistenceId, toSequenceNr, _) =>
    {
        Assert.Equal(MessageActor.PersistenceIdFor(_kenmerk), persistenceId);
        asked.Add(toSequenceNr);
        return Task.FromResult<IReadOnlyList<IMessageEvent>>(_journal[..(int)toSequenceNr]);
    };

    private List<EventEnvelope> Envelopes(int skip, int count) =>
        [.. _journal.Skip(skip).Take(count).Select((e, i) => new EventEnvelope(Offset.Sequence(skip + i + 1),
            MessageActor.PersistenceIdFor(_kenmerk), skip + i + 1, e, e.At.ToUnixTimeMilliseconds(), []))];

    private List<string> Expected() =>
        [.. Replay(_journal).History.Select(s => $"{s.Code} {s.Timestamp.ToUnixTimeMilliseconds()} {s.Recipient} {s.FaultCode} {s.Details}")];

    private async Task<List<string>> StoredAsync(SenderViewStore views) =>
        [.. (await views.StatusesAsync([_kenmerk], after: null, until: null)).Select(s => $"{s.Code} {s.At} {s.Recipient} {s.FaultCode} {s.Details}")];
}
