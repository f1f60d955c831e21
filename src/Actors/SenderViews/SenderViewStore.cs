using Akka.Persistence.Query;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Digipoort.Actors.SenderViews;

/// <summary>Which mailbox items a query asks for; every filter is optional.</summary>
public sealed record MailboxQuery(
    string? Sender = null,
    string? Berichtsoort = null,
    Identiteit? Belanghebbende = null,
    string? Kenmerk = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? NotFetchedBy = null,
    int Limit = 100);

/// <summary>
/// The sender-side read model behind the WUS status and Ophaal services, in SQL through linq2db (the
/// journal's own data access), so it follows the journal from SQLite to PostgreSQL and survives restarts.
/// It keeps what lists need — which processes exist for whom, their status histories, which mailbox items with
/// their envelopes, and how far each requester has read — so that a list never wakes one message per row; a single
/// message's statuses are still asked of the message itself, which is never behind. Memory stays bounded because
/// every query is limited and only recently moved messages' states are held (<see cref="MessageHistories"/>).
/// </summary>
public sealed class SenderViewStore(DataOptions options, MessageWakeUps wakeUps)
{
    public const string ProjectionName = "sender-views";

    /// <summary>Marks, in the offsets, that the status and envelope tables were filled from the whole journal.</summary>
    private const string HistoriesMark = "sv-histories-backfilled";

    private readonly MessageHistories _histories = new();

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = new DataConnection(options);
        await db.CreateTableAsync<ProcessRow>(tableOptions: TableOptions.CreateIfNotExists, token: cancellationToken);
        await db.CreateTableAsync<MailboxRow>(tableOptions: TableOptions.CreateIfNotExists, token: cancellationToken);
        await db.CreateTableAsync<ReadMarkRow>(tableOptions: TableOptions.CreateIfNotExists, token: cancellationToken);
        await db.CreateTableAsync<FetchedRow>(tableOptions: TableOptions.CreateIfNotExists, token: cancellationToken);
        await db.CreateTableAsync<OffsetRow>(tableOptions: TableOptions.CreateIfNotExists, token: cancellationToken);
        await db.CreateTableAsync<StatusRow>(tableOptions: TableOptions.CreateIfNotExists, token: cancellationToken);
        await db.CreateTableAsync<EnvelopeRow>(tableOptions: TableOptions.CreateIfNotExists, token: cancellationToken);
        // Plain SQL that SQLite and PostgreSQL both understand.
        await db.ExecuteAsync("CREATE INDEX IF NOT EXISTS sv_process_belanghebbende ON sv_process (belanghebbende_nummer, berichtsoort)", cancellationToken);
        await db.ExecuteAsync("CREATE INDEX IF NOT EXISTS sv_process_sender ON sv_process (sender)", cancellationToken);
        await db.ExecuteAsync("CREATE UNIQUE INDEX IF NOT EXISTS sv_mailbox_delivery ON sv_mailbox (kenmerk, recipient)", cancellationToken);
        await db.ExecuteAsync("CREATE INDEX IF NOT EXISTS sv_mailbox_sender ON sv_mailbox (sender, id)", cancellationToken);
        await db.ExecuteAsync("CREATE INDEX IF NOT EXISTS sv_mailbox_belanghebbende ON sv_mailbox (belanghebbende_nummer, id)", cancellationToken);
        await wakeUps.EnsureCreatedAsync(db, cancellationToken);
        await BackfillHistoriesOnceAsync(db, cancellationToken);
    }

    /// <summary>
    /// A read model written before the status and envelope tables existed projects the journal once more from its start,
    /// which fills them; everything else it writes is the same when applied twice.
    /// </summary>
    private static async Task BackfillHistoriesOnceAsync(DataConnection db, CancellationToken cancellationToken)
    {
        if (await db.GetTable<OffsetRow>().AnyAsync(o => o.Name == HistoriesMark, cancellationToken)) return;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.GetTable<OffsetRow>().Where(o => o.Name == ProjectionName).Set(o => o.Offset, 0).UpdateAsync(cancellationToken);
        await db.InsertAsync(new OffsetRow { Name = HistoriesMark, Offset = 0 }, token: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The offset of the last event applied (0 before the first).</summary>
    public async Task<long> OffsetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = new DataConnection(options);
        return await db.GetTable<OffsetRow>().Where(o => o.Name == ProjectionName).Select(o => o.Offset).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Applies a batch of journal events and records the offset, in one transaction, so that a crash replays the batch
    /// at most once more and replaying it changes nothing. Each message's events in the batch are applied together:
    /// its process row is written once, however many of its events the batch holds, and so is its wake-up
    /// (<see cref="MessageWakeUps"/>); its new statuses are those its own state gains (<see cref="MessageHistories"/>,
    /// which reads a message's <paramref name="earlier"/> events when it does not hold its state).
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<EventEnvelope> batch, EarlierEvents? earlier = null, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0) return;
        // Folded before the transaction: a message whose state is not held reads its earlier events from the journal,
        // which must not happen while this transaction holds the database's write lock (SQLite has one, shared with the journal).
        var messages = new List<(string Kenmerk, List<IMessageEvent> Events, MessageHistories.Folded State)>();
        foreach (var (kenmerk, persistenceId, firstSequenceNr, events) in ByMessage(batch))
            messages.Add((kenmerk, events, await _histories.FoldAsync(persistenceId, firstSequenceNr, events, earlier ?? MessageHistories.None, cancellationToken)));
        var statuses = new List<StatusRow>();
        await using var db = new DataConnection(options);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        foreach (var (kenmerk, events, state) in messages)
        {
            var lastAt = events[^1].At.ToUnixTimeMilliseconds();
            if (events.OfType<MessageSubmitted>().FirstOrDefault() is { } submitted)
            {
                await db.InsertOrReplaceAsync(new ProcessRow
                {
                    Kenmerk = kenmerk,
                    Sender = submitted.Sender.Value,
                    Berichtsoort = submitted.Envelope.Berichtsoort,
                    BelanghebbendeNummer = submitted.Envelope.IdentiteitBelanghebbende.Nummer,
                    BelanghebbendeType = submitted.Envelope.IdentiteitBelanghebbende.Type,
                    AcceptedAt = submitted.At.ToUnixTimeMilliseconds(),
                    LastEventAt = lastAt,
                }, token: cancellationToken);
            }
            else
            {
                await db.GetTable<ProcessRow>().Where(p => p.Kenmerk == kenmerk && p.LastEventAt < lastAt)
                    .Set(p => p.LastEventAt, lastAt).UpdateAsync(cancellationToken);
            }
            statuses.AddRange(await NewStatusesAsync(db, kenmerk, state, cancellationToken));
            foreach (var expired in events.OfType<DeliveryExpired>()) await AddReturnToSenderAsync(db, kenmerk, expired, state.After, cancellationToken);
            await wakeUps.ApplyAsync(db, kenmerk, events, cancellationToken);
        }
        // One multi-row insert for the batch's statuses (about seven per message) rather than one statement each.
        if (statuses.Count > 0)
            await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows }, statuses, cancellationToken);
        var offset = batch[^1].Offset is Sequence sequence ? sequence.Value : 0;
        await db.InsertOrReplaceAsync(new OffsetRow { Name = ProjectionName, Offset = offset }, token: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _histories.Keep(messages.Select(m => m.State));
    }

    /// <summary>
    /// The batch's message events by message, each message's in journal order with the sequence number of its first;
    /// anything else in the journal is skipped.
    /// </summary>
    private static IEnumerable<(string Kenmerk, string PersistenceId, long FirstSequenceNr, List<IMessageEvent> Events)> ByMessage(
        IReadOnlyList<EventEnvelope> batch)
    {
        var prefix = MessageActor.PersistenceIdFor("");
        var byMessage = new Dictionary<string, (long First, List<IMessageEvent> Events)>();
        foreach (var envelope in batch)
        {
            if (!envelope.PersistenceId.StartsWith(prefix, StringComparison.Ordinal) || envelope.Event is not IMessageEvent message) continue;
            if (!byMessage.TryGetValue(envelope.PersistenceId, out var entry))
                byMessage[envelope.PersistenceId] = entry = (envelope.SequenceNr, []);
            entry.Events.Add(message);
        }
        return byMessage.Select(m => (m.Key[prefix.Length..], m.Key, m.Value.First, m.Value.Events));
    }

    /// <summary>The statuses the message's history gained; after a rebuild, only those not stored yet (the batch may be a replay).</summary>
    private static async Task<IEnumerable<StatusRow>> NewStatusesAsync(DataConnection db, string kenmerk, MessageHistories.Folded state,
        CancellationToken cancellationToken)
    {
        var from = state.Before.History.Count;
        if (state.After.History.Count == from) return [];
        if (state.Rebuilt)
            from = Math.Max(from, await db.GetTable<StatusRow>().Where(s => s.Kenmerk == kenmerk).Select(s => (int?)s.Seq + 1)
                .MaxAsync(cancellationToken) ?? 0);
        return Enumerable.Range(from, Math.Max(0, state.After.History.Count - from)).Select(seq =>
        {
            var status = state.After.History[seq];
            return new StatusRow
            {
                Kenmerk = kenmerk,
                Seq = seq,
                At = status.Timestamp.ToUnixTimeMilliseconds(),
                Code = status.Code,
                Description = status.Description,
                FaultCode = status.FaultCode,
                Details = status.Details,
                Recipient = status.Recipient,
            };
        });
    }

    private static async Task AddReturnToSenderAsync(DataConnection db, string kenmerk, DeliveryExpired expired, MessageState state,
        CancellationToken cancellationToken)
    {
        var process = await db.GetTable<ProcessRow>().FirstOrDefaultAsync(p => p.Kenmerk == kenmerk, cancellationToken);
        if (process is null) return;
        if (state.Envelope is { } envelope && !await db.GetTable<EnvelopeRow>().AnyAsync(e => e.Kenmerk == kenmerk, cancellationToken))
        {
            await db.InsertAsync(new EnvelopeRow
            {
                Kenmerk = kenmerk,
                AcceptedAt = state.AcceptedAt?.ToUnixTimeMilliseconds() ?? process.AcceptedAt,
                Aanleverkenmerk = envelope.Aanleverkenmerk,
                EerderAanleverkenmerk = envelope.EerderAanleverkenmerk,
                RolBelanghebbende = envelope.RolBelanghebbende,
                OntvangerNummer = envelope.IdentiteitOntvanger?.Nummer,
                OntvangerType = envelope.IdentiteitOntvanger?.Type,
                RolOntvanger = envelope.RolOntvanger,
                MimeType = envelope.BerichtInhoud.MimeType,
                Bestandsnaam = envelope.BerichtInhoud.Bestandsnaam,
                ContentAddress = envelope.BerichtInhoud.Content.Sha256,
                ContentLength = envelope.BerichtInhoud.Content.Length,
            }, token: cancellationToken);
        }
        if (await db.GetTable<MailboxRow>().AnyAsync(m => m.Kenmerk == kenmerk && m.Recipient == expired.Recipient, cancellationToken)) return;
        await db.InsertAsync(new MailboxRow
        {
            Kenmerk = kenmerk,
            Recipient = expired.Recipient,
            Reason = expired.LastDetail,
            At = expired.At.ToUnixTimeMilliseconds(),
            Sender = process.Sender,
            Berichtsoort = process.Berichtsoort,
            BelanghebbendeNummer = process.BelanghebbendeNummer,
            BelanghebbendeType = process.BelanghebbendeType,
        }, token: cancellationToken);
    }

    /// <summary>
    /// The processes of a berichtsoort for a belanghebbende, newest first; with <paramref name="changedAfter"/> only those that
    /// moved since, the longest-unchanged first (so that a limited answer leaves the most recent changes for the next call).
    /// </summary>
    public async Task<IReadOnlyList<ProcessRow>> ProcessesAsync(string berichtsoort, Identiteit belanghebbende, DateTimeOffset? changedAfter,
        int limit, CancellationToken cancellationToken = default)
    {
        var after = changedAfter?.ToUnixTimeMilliseconds() ?? long.MinValue;
        await using var db = new DataConnection(options);
        var processes = db.GetTable<ProcessRow>()
            .Where(p => p.BelanghebbendeNummer == belanghebbende.Nummer && p.BelanghebbendeType == belanghebbende.Type
                        && p.Berichtsoort == berichtsoort && p.LastEventAt > after);
        return await (changedAfter is null ? processes.OrderByDescending(p => p.AcceptedAt) : processes.OrderBy(p => p.LastEventAt))
            .Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MailboxRow>> MailboxAsync(MailboxQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = new DataConnection(options);
        var items = db.GetTable<MailboxRow>().AsQueryable();
        if (query.Sender is { } sender) items = items.Where(m => m.Sender == sender);
        if (query.Berichtsoort is { } berichtsoort) items = items.Where(m => m.Berichtsoort == berichtsoort);
        if (query.Belanghebbende is { } b) items = items.Where(m => m.BelanghebbendeNummer == b.Nummer && m.BelanghebbendeType == b.Type);
        if (query.Kenmerk is { } kenmerk) items = items.Where(m => m.Kenmerk == kenmerk);
        if (query.From is { } from) items = items.Where(m => m.At >= from.ToUnixTimeMilliseconds());
        if (query.To is { } to) items = items.Where(m => m.At <= to.ToUnixTimeMilliseconds());
        if (query.NotFetchedBy is { } requester)
            items = items.Where(m => !db.GetTable<FetchedRow>().Any(f => f.Requester == requester && f.ItemId == m.Id));
        return await items.OrderBy(m => m.Id).Take(query.Limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The stored statuses of <paramref name="kenmerken"/> later than <paramref name="after"/> and not later than
    /// <paramref name="until"/>, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<StatusRow>> StatusesAsync(IReadOnlyCollection<string> kenmerken, DateTimeOffset? after,
        DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        if (kenmerken.Count == 0) return [];
        var from = after?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var to = until?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        await using var db = new DataConnection(options);
        return await db.GetTable<StatusRow>().Where(s => kenmerken.Contains(s.Kenmerk) && s.At > from && s.At <= to)
            .OrderBy(s => s.At).ThenBy(s => s.Kenmerk).ThenBy(s => s.Seq).ToListAsync(cancellationToken);
    }

    /// <summary>The envelopes of processes with mailbox items, by kenmerk.</summary>
    public async Task<IReadOnlyDictionary<string, EnvelopeRow>> EnvelopesAsync(IReadOnlyCollection<string> kenmerken,
        CancellationToken cancellationToken = default)
    {
        if (kenmerken.Count == 0) return new Dictionary<string, EnvelopeRow>();
        await using var db = new DataConnection(options);
        return await db.GetTable<EnvelopeRow>().Where(e => kenmerken.Contains(e.Kenmerk)).ToDictionaryAsync(e => e.Kenmerk, cancellationToken);
    }

    public async Task MarkFetchedAsync(string requester, IEnumerable<long> itemIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var db = new DataConnection(options);
        foreach (var id in itemIds)
            await db.InsertOrReplaceAsync(new FetchedRow { Requester = requester, ItemId = id, FetchedAt = at.ToUnixTimeMilliseconds() },
                token: cancellationToken);
    }

    /// <summary>Up to when <paramref name="requester"/> has been handed the statuses of <paramref name="scope"/> (null: never).</summary>
    public async Task<DateTimeOffset?> ReadMarkAsync(string requester, string scope, CancellationToken cancellationToken = default)
    {
        await using var db = new DataConnection(options);
        var mark = await db.GetTable<ReadMarkRow>().FirstOrDefaultAsync(r => r.Requester == requester && r.Scope == scope, cancellationToken);
        return mark is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(mark.Until);
    }

    public async Task SetReadMarkAsync(string requester, string scope, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var db = new DataConnection(options);
        await db.InsertOrReplaceAsync(new ReadMarkRow { Requester = requester, Scope = scope, Until = until.ToUnixTimeMilliseconds() },
            token: cancellationToken);
    }
}
