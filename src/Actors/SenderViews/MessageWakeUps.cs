using Digipoort.Actors.Messages;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Digipoort.Actors.SenderViews;

/// <summary>
/// The durable wake-up: which messages are not over yet and when to wake them, so that a message resumes by itself
/// after its node crashed, stopped or handed it over. It replaces sharding's remember-entities, which wrote twice per
/// message (started, stopped) into the shard's store and made every new message wait for the first write before it
/// could take its submission. This table is kept by the projection from the journal instead (see
/// <see cref="SenderViewStore.ApplyAsync"/>): in batches, behind the message, and for every message the journal holds,
/// since a row exists from the projection reading <c>MessageSubmitted</c> until it reads <c>MessageEnded</c>.
/// <see cref="MessageWaker"/> wakes what is due.
/// </summary>
public sealed class MessageWakeUps(DataOptions options, WakeUpSettings settings, TimeProvider clock)
{
    /// <summary>Marks, in the projection's offsets, that the table was seeded with the processes that were there before it.</summary>
    private const string SeededMark = "mw-wakeup-seeded";

    public WakeUpSettings Settings => settings;

    /// <summary>
    /// Creates the table. A journal written before it existed has messages that were remembered by sharding: every
    /// process the sender view knows is woken once (those that are over record their end and leave the table).
    /// </summary>
    public async Task EnsureCreatedAsync(DataConnection db, CancellationToken cancellationToken)
    {
        await db.CreateTableAsync<WakeUpRow>(tableOptions: TableOptions.CreateIfNotExists, token: cancellationToken);
        await db.ExecuteAsync("CREATE INDEX IF NOT EXISTS mw_wakeup_due ON mw_wakeup (wake_at)", cancellationToken);
        if (await db.GetTable<OffsetRow>().AnyAsync(o => o.Name == SeededMark, cancellationToken)) return;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.ExecuteAsync(
            "INSERT INTO mw_wakeup (kenmerk, wake_at, last_event_at) SELECT p.kenmerk, 0, p.last_event_at FROM sv_process p "
            + "WHERE NOT EXISTS (SELECT 1 FROM mw_wakeup w WHERE w.kenmerk = p.kenmerk)", cancellationToken);
        await db.InsertAsync(new OffsetRow { Name = SeededMark, Offset = 0 }, token: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records what <paramref name="events"/> (one message's, in journal order, within the projection's transaction) say about waking it.</summary>
    public async Task ApplyAsync(DataConnection db, string kenmerk, IReadOnlyList<IMessageEvent> events, CancellationToken cancellationToken)
    {
        if (WakeUpSchedule.WakeAt(events, clock.GetUtcNow(), settings.ResumeAfter) is not { } wakeAt)
        {
            await db.GetTable<WakeUpRow>().Where(w => w.Kenmerk == kenmerk).DeleteAsync(cancellationToken);
            return;
        }
        await db.InsertOrReplaceAsync(new WakeUpRow
        {
            Kenmerk = kenmerk,
            WakeAt = wakeAt.ToUnixTimeMilliseconds(),
            LastEventAt = events[^1].At.ToUnixTimeMilliseconds(),
        }, token: cancellationToken);
    }

    /// <summary>The messages due now, the longest overdue first.</summary>
    public async Task<IReadOnlyList<WakeUpRow>> DueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = new DataConnection(options);
        return await db.GetTable<WakeUpRow>().Where(w => w.WakeAt <= now).OrderBy(w => w.WakeAt).Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Moves the next wake-up of messages just woken (<see cref="WakeUpSchedule.Rewake"/>), unless the projection has
    /// written a newer one meanwhile.
    /// </summary>
    public async Task RewakeAsync(IReadOnlyList<WakeUpRow> woken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = new DataConnection(options);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        foreach (var row in woken)
        {
            var next = WakeUpSchedule.Rewake(DateTimeOffset.FromUnixTimeMilliseconds(row.LastEventAt), now, settings.ResumeAfter)
                .ToUnixTimeMilliseconds();
            var seen = row.WakeAt;
            await db.GetTable<WakeUpRow>().Where(w => w.Kenmerk == row.Kenmerk && w.WakeAt == seen)
                .Set(w => w.WakeAt, next).UpdateAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
