using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.SenderViews;

/// <summary>
/// A message's events before a given sequence number, read from the journal (not from the message actor, which would
/// have to be woken): what <see cref="MessageHistories"/> folds when it does not hold the message's state.
/// </summary>
public delegate Task<IReadOnlyList<IMessageEvent>> EarlierEvents(string persistenceId, long toSequenceNr, CancellationToken cancellationToken);

/// <summary>
/// Folds the events the projection reads into each message's <see cref="MessageState"/> with the message's own
/// <see cref="MessageState.Apply"/>, so that the read model keeps the status history exactly as the message writes it.
/// The states of recently moved messages are held (a message's events arrive spread over seconds); a message whose
/// state is not held, or whose held state does not end right before the events at hand (another node projected in
/// between), is rebuilt from its earlier events in the journal. Used by the projection only, one batch at a time.
/// </summary>
public sealed class MessageHistories(int capacity = MessageHistories.DefaultCapacity)
{
    /// <summary>States held at most; when full all are dropped, which only costs rebuilds.</summary>
    public const int DefaultCapacity = 4096;

    private readonly Dictionary<string, Held> _held = new(StringComparer.Ordinal);

    /// <summary>No earlier events: for projections of journals that start every message in the batch at hand (tests).</summary>
    public static readonly EarlierEvents None = (_, _, _) => Task.FromResult<IReadOnlyList<IMessageEvent>>([]);

    /// <summary>
    /// The state before and after <paramref name="events"/> (one message's, in journal order, the first with sequence
    /// number <paramref name="firstSequenceNr"/>), and whether the state before was rebuilt from the journal.
    /// Nothing is held until <see cref="Keep"/>: a batch whose write fails must not leave its states behind.
    /// </summary>
    public async Task<Folded> FoldAsync(string persistenceId, long firstSequenceNr, IReadOnlyList<IMessageEvent> events,
        EarlierEvents earlier, CancellationToken cancellationToken)
    {
        var rebuilt = !(_held.TryGetValue(persistenceId, out var held) && held.SequenceNr == firstSequenceNr - 1);
        var before = rebuilt
            ? (firstSequenceNr > 1 ? await earlier(persistenceId, firstSequenceNr - 1, cancellationToken) : [])
                .Aggregate(MessageState.Empty, MessageState.Apply)
            : held.State;
        var after = events.Aggregate(before, MessageState.Apply);
        return new Folded(persistenceId, firstSequenceNr + events.Count - 1, before, after, rebuilt);
    }

    /// <summary>Holds the states of a batch whose write committed; a message that ended is not held.</summary>
    public void Keep(IEnumerable<Folded> folded)
    {
        foreach (var f in folded)
        {
            if (f.After.EndRecorded)
            {
                _held.Remove(f.PersistenceId);
                continue;
            }
            if (_held.Count >= capacity && !_held.ContainsKey(f.PersistenceId)) _held.Clear();
            _held[f.PersistenceId] = new Held(f.LastSequenceNr, f.After);
        }
    }

    private readonly record struct Held(long SequenceNr, MessageState State);

    /// <param name="Rebuilt">The state before was rebuilt from the journal: rows of these events may already be stored.</param>
    public sealed record Folded(string PersistenceId, long LastSequenceNr, MessageState Before, MessageState After, bool Rebuilt);
}
