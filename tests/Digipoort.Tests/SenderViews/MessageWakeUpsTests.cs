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

/// <summary>The durable wake-up against a real SQLite database: what the projection writes, what the waker reads.</summary>
public sealed class MessageWakeUpsTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _folder = new();
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly DataOptions _options;
    private readonly MessageWakeUps _wakeUps;
    private readonly SenderViewStore _views;
    private long _offset;
    private readonly Dictionary<string, long> _sequenceNrs = [];

    public MessageWakeUpsTests()
    {
        _options = new DataOptions().UseConnectionString(ProviderName.SQLiteMS, $"Data Source={Path.Combine(_folder.Path, "views.db")}");
        _wakeUps = new MessageWakeUps(_options, new WakeUpSettings(Grace, TimeSpan.FromSeconds(1), 100), _clock);
        _views = new SenderViewStore(_options, _wakeUps);
    }

    public Task InitializeAsync() => _views.EnsureCreatedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_message_is_watched_from_its_submission_until_its_end_is_read()
    {
        var kenmerk = Submit().Kenmerk;
        await ProjectAsync(kenmerk, AcceptedEvents());
        Assert.Empty(await _wakeUps.DueAsync(default));

        _clock.Advance(Grace);
        Assert.Equal([kenmerk], (await _wakeUps.DueAsync(default)).Select(r => r.Kenmerk));

        await ProjectAsync(kenmerk, new DocumentValidated([], T0), new MessageRouted(["belastingdienst"], T0));
        Assert.Empty(await _wakeUps.DueAsync(default)); // it moved: the grace starts again

        await ProjectAsync(kenmerk, new DeliverySucceeded("belastingdienst", 1, 202, T0), new MessageEnded(T0));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await _wakeUps.DueAsync(default));
        Assert.Equal(T0.ToUnixTimeMilliseconds(), await ProcessLastEventAtAsync(kenmerk)); // the sender view is kept alongside
    }

    [Fact]
    public async Task A_retry_far_ahead_is_waited_for_and_a_woken_message_that_stays_quiet_is_woken_ever_more_rarely()
    {
        var kenmerk = Submit().Kenmerk;
        var retryAt = T0.AddMinutes(30);
        await ProjectAsync(kenmerk, [.. AcceptedEvents(), new DeliveryAttemptFailed("belastingdienst", 1, "HTTP 503", retryAt, T0)]);

        _clock.SetUtcNow(retryAt.AddSeconds(-1));
        Assert.Empty(await _wakeUps.DueAsync(default));
        _clock.SetUtcNow(retryAt);
        var due = await _wakeUps.DueAsync(default);
        Assert.Single(due);

        await _wakeUps.RewakeAsync(due, default);
        // Quiet for 30 minutes: next in 5 (half of it, at most 5 minutes), not in the 10 s grace.
        _clock.Advance(WakeUpSettings.MaxQuiet.Subtract(TimeSpan.FromSeconds(1)));
        Assert.Empty(await _wakeUps.DueAsync(default));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(await _wakeUps.DueAsync(default));
    }

    [Fact]
    public async Task A_wake_up_the_projection_moved_meanwhile_is_not_overwritten_by_the_waker()
    {
        var kenmerk = Submit().Kenmerk;
        await ProjectAsync(kenmerk, AcceptedEvents());
        _clock.Advance(Grace);
        var due = await _wakeUps.DueAsync(default);

        await ProjectAsync(kenmerk, new DeliveryAttemptFailed("belastingdienst", 1, "HTTP 503", T0.AddHours(2), T0.AddSeconds(10)));
        await _wakeUps.RewakeAsync(due, default);

        _clock.SetUtcNow(T0.AddHours(2).AddSeconds(-1));
        Assert.Empty(await _wakeUps.DueAsync(default));
    }

    [Fact]
    public async Task Processes_known_before_the_wake_up_existed_are_woken_once_so_that_remembered_messages_resume()
    {
        var kenmerk = Submit().Kenmerk;
        await ProjectAsync(kenmerk, AcceptedEvents());
        await using (var db = new DataConnection(_options))
        {
            // As a database written before this version: processes, no wake-ups, no seeding mark.
            await db.GetTable<WakeUpRow>().DeleteAsync();
            await db.ExecuteAsync("DELETE FROM sv_offset WHERE name = 'mw-wakeup-seeded'");
        }

        await _views.EnsureCreatedAsync();
        await _views.EnsureCreatedAsync(); // and only once

        Assert.Equal([kenmerk], (await _wakeUps.DueAsync(default)).Select(r => r.Kenmerk));
    }

    /// <summary>Projects the message's next events, as the journal numbers them: the offset over all, the sequence number per message.</summary>
    private async Task ProjectAsync(string kenmerk, params IMessageEvent[] events) =>
        await _views.ApplyAsync([.. events.Select(e => new EventEnvelope(Offset.Sequence(++_offset), MessageActor.PersistenceIdFor(kenmerk),
            _sequenceNrs[kenmerk] = _sequenceNrs.GetValueOrDefault(kenmerk) + 1, e, e.At.ToUnixTimeMilliseconds(), []))]);

    private async Task<long> ProcessLastEventAtAsync(string kenmerk)
    {
        await using var db = new DataConnection(_options);
        return await db.GetTable<ProcessRow>().Where(p => p.Kenmerk == kenmerk).Select(p => p.LastEventAt).SingleAsync();
    }
}
