using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.SenderViews;
using Digipoort.Api.Identity;

namespace Digipoort.Api.Gateway;

/// <summary>
/// Lists over many messages, served from the sender-side read model (<see cref="SenderViewStore"/>) and filtered by who
/// may read each message: no message is woken for a row. The read model follows the journal a fraction of a second
/// behind, which lists of processes, new statuses and mailbox items can afford; one message's statuses are asked of
/// the message itself (<see cref="MessageGateway"/>).
/// </summary>
public sealed class MessageLists(SenderViewStore views, MessageReadAccess access, TimeProvider clock)
{
    /// <summary>The processes of a berichtsoort for a belanghebbende, newest first.</summary>
    public async Task<IReadOnlyList<ListedProcess>> ProcessesAsync(SenderIdentity requester, string berichtsoort, Identiteit belanghebbende,
        int limit, CancellationToken cancellationToken) =>
        [.. (await views.ProcessesAsync(berichtsoort, belanghebbende, changedAfter: null, limit, cancellationToken))
            .Where(p => access.MayRead(requester, Owner(p)))
            .Select(p => new ListedProcess(p.Kenmerk, p.Berichtsoort, belanghebbende))];

    /// <summary>
    /// The statuses of a berichtsoort's processes for a belanghebbende that <paramref name="requester"/> has not been handed
    /// yet (within [<paramref name="from"/>, <paramref name="to"/>]), oldest first; they count as handed from now on.
    /// At most <paramref name="limit"/> processes, those that moved longest ago first.
    /// </summary>
    public async Task<IReadOnlyList<ListedStatus>> NewStatusesAsync(SenderIdentity requester, string berichtsoort, Identiteit belanghebbende,
        DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken)
    {
        var scope = $"soort:{berichtsoort}|{belanghebbende.Nummer}|{belanghebbende.Type}";
        var mark = await views.ReadMarkAsync(requester.Value, scope, cancellationToken);
        var processes = (await views.ProcessesAsync(berichtsoort, belanghebbende, mark ?? DateTimeOffset.MinValue, limit, cancellationToken))
            .Where(p => access.MayRead(requester, Owner(p))).Select(p => p.Kenmerk).ToList();
        // "From" is inclusive, the mark exclusive: the statuses after the later of the two.
        var after = from is { } f && (mark is null || f.AddMilliseconds(-1) > mark) ? f.AddMilliseconds(-1) : mark;
        var rows = await views.StatusesAsync(processes, after, to, cancellationToken);
        if (rows.Count > 0)
            await views.SetReadMarkAsync(requester.Value, scope, DateTimeOffset.FromUnixTimeMilliseconds(rows.Max(r => r.At)), cancellationToken);
        return [.. rows.Select(r => new ListedStatus(r.Kenmerk, belanghebbende, new StatusEntry(r.Code,
            DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Description, r.FaultCode, r.Details, r.Recipient)))];
    }

    /// <summary>Up to when <paramref name="requester"/> has been handed the statuses of one process (null: never).</summary>
    public Task<DateTimeOffset?> ProcessReadMarkAsync(SenderIdentity requester, Kenmerk kenmerk, CancellationToken cancellationToken) =>
        views.ReadMarkAsync(requester.Value, ProcessScope(kenmerk), cancellationToken);

    public Task SetProcessReadMarkAsync(SenderIdentity requester, Kenmerk kenmerk, DateTimeOffset until, CancellationToken cancellationToken) =>
        views.SetReadMarkAsync(requester.Value, ProcessScope(kenmerk), until, cancellationToken);

    /// <summary>The mailbox items <paramref name="query"/> finds that <paramref name="requester"/> may see.</summary>
    public async Task<IReadOnlyList<MailboxItem>> MailboxAsync(SenderIdentity requester, MailboxQuery query, CancellationToken cancellationToken) =>
        [.. (await views.MailboxAsync(query, cancellationToken))
            .Select(m => new MailboxItem(m.Id, m.Kenmerk, m.Recipient, m.Reason, SenderIdentity.From(m.Sender), m.Berichtsoort,
                new Identiteit(m.BelanghebbendeNummer, m.BelanghebbendeType)))
            .Where(m => access.MayRead(requester, new MessageOwner(m.Sender, m.Berichtsoort, m.Belanghebbende)))];

    /// <summary>
    /// The mailbox items <paramref name="query"/> finds that <paramref name="requester"/> may see, with their envelopes; they
    /// are no longer new for <paramref name="requester"/> from now on. The documents stay in the blob store, to be streamed.
    /// </summary>
    public async Task<IReadOnlyList<MailboxDocument>> FetchAsync(SenderIdentity requester, MailboxQuery query, CancellationToken cancellationToken)
    {
        var items = await MailboxAsync(requester, query, cancellationToken);
        var envelopes = await views.EnvelopesAsync([.. items.Select(i => i.Kenmerk).Distinct()], cancellationToken);
        var documents = items.Where(i => envelopes.ContainsKey(i.Kenmerk)).Select(i => Document(i, envelopes[i.Kenmerk])).ToList();
        await views.MarkFetchedAsync(requester.Value, documents.Select(d => d.Item.Id), clock.GetUtcNow(), cancellationToken);
        return documents;
    }

    private static MailboxDocument Document(MailboxItem item, EnvelopeRow e) =>
        new(item, DateTimeOffset.FromUnixTimeMilliseconds(e.AcceptedAt), new MessageEnvelope(item.Berichtsoort, e.Aanleverkenmerk,
            e.EerderAanleverkenmerk, item.Belanghebbende, e.RolBelanghebbende,
            e.OntvangerNummer is { } nummer ? new Identiteit(nummer, e.OntvangerType ?? "") : null, e.RolOntvanger,
            new Document(e.MimeType, e.Bestandsnaam, new BlobRef(e.ContentAddress, e.ContentLength)), [], null));

    private static MessageOwner Owner(ProcessRow row) =>
        new(SenderIdentity.From(row.Sender), row.Berichtsoort, new Identiteit(row.BelanghebbendeNummer, row.BelanghebbendeType));

    private static string ProcessScope(Kenmerk kenmerk) => "proces:" + kenmerk.Value;
}
