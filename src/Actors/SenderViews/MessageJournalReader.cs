using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.SenderViews;

/// <summary>
/// Reads a message's events from the journal and folds them with the message's own <see cref="MessageState.Apply"/>,
/// without waking its actor: a woken actor costs a shard lookup, a recovery and a passivation, which after a flood meant
/// thousands of recoveries for questions about messages that can no longer change. Used by the projection for the
/// history of a message whose state it does not hold, and at the edge for queries about messages that have ended.
/// </summary>
/// <remarks>One indexed range read on the journal's key (persistence id, sequence number): flat as the journal grows.</remarks>
public sealed class MessageJournalReader(ActorSystem system)
{
    private readonly Lazy<(SqlReadJournal Journal, IMaterializer Materializer)> _query = new(() =>
        (PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier), system.Materializer()));

    /// <summary>The message events of <paramref name="persistenceId"/> up to <paramref name="toSequenceNr"/>, in order.</summary>
    public async Task<IReadOnlyList<IMessageEvent>> EventsAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        var (journal, materializer) = _query.Value;
        var envelopes = await journal.CurrentEventsByPersistenceId(persistenceId, 0, toSequenceNr)
            .RunWith(Sink.Seq<EventEnvelope>(), materializer).WaitAsync(cancellationToken);
        return [.. envelopes.Select(e => e.Event).OfType<IMessageEvent>()];
    }

    /// <summary>
    /// The state of the message <paramref name="kenmerk"/> when its journal records that it ended (nothing can change it
    /// any more, so the journal's answer is the actor's), or null: unknown, still in progress, or ended before the
    /// journal recorded endings (its actor records that when woken).
    /// </summary>
    public async Task<MessageState?> EndedAsync(string kenmerk, CancellationToken cancellationToken)
    {
        var events = await EventsAsync(MessageActor.PersistenceIdFor(kenmerk), long.MaxValue, cancellationToken);
        var state = events.Aggregate(MessageState.Empty, MessageState.Apply);
        return state.EndRecorded ? state : null;
    }
}
