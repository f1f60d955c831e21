namespace Digipoort.Actors.Storage.Journal;

/// <summary>
/// Answers "what is the highest sequence number of this persistence id" for many entities with one query. Every
/// entity that starts asks it once before it may write (Akka.NET has no setting to skip it), and a message entity
/// starts for each new message: one round trip per message, each with its own connection, command and reader.
/// Here the first question starts a query; the questions that arrive while it runs are answered together by the
/// next one, so under load one query serves as many entities as arrived meanwhile, and when quiet the first answer
/// comes as fast as before.
/// </summary>
public sealed class HighestSequenceNrBatcher
{
    /// <summary>How many persistence ids one query names at most (SQLite allows 32,766 parameters; PostgreSQL 65,535).</summary>
    public const int DefaultMaxBatch = 500;

    private readonly Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, long>>> _query;
    private readonly int _maxBatch;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource<long>> _waiting = new(StringComparer.Ordinal);
    private bool _querying;
    private long _queries;
    private long _answered;

    /// <param name="query">Reads the highest sequence number of each id that has events; ids without any are left out.</param>
    public HighestSequenceNrBatcher(
        Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, long>>> query, int maxBatch = DefaultMaxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _query = query;
        _maxBatch = maxBatch;
    }

    /// <summary>How many queries ran, and how many questions they answered: whether recoveries do share their queries.</summary>
    public (long Queries, long Answered) Counts => (Interlocked.Read(ref _queries), Interlocked.Read(ref _answered));

    /// <summary>
    /// The highest sequence number written for <paramref name="persistenceId"/>, 0 when it has none. Cancelling stops
    /// the wait, not the query, which answers the others asking with it.
    /// </summary>
    public Task<long> HighestAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(persistenceId, out var answer))
            {
                // Answers continue elsewhere: the journal's callbacks must not run inside the next query's loop.
                answer = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(persistenceId, answer);
            }
            if (!_querying)
            {
                _querying = true;
                _ = Task.Run(QueryWhileAskedAsync, CancellationToken.None);
            }
            return cancellationToken.CanBeCanceled ? answer.Task.WaitAsync(cancellationToken) : answer.Task;
        }
    }

    private async Task QueryWhileAskedAsync()
    {
        while (NextBatch() is { } batch)
        {
            try
            {
                Interlocked.Increment(ref _queries);
                var highest = await _query(batch.Keys, CancellationToken.None);
                Interlocked.Add(ref _answered, batch.Count);
                foreach (var (id, answer) in batch)
                    answer.TrySetResult(highest.TryGetValue(id, out var sequenceNr) ? sequenceNr : 0L);
            }
            catch (Exception e)
            {
                // Each entity's recovery fails with the cause, as a failed query of its own would have.
                foreach (var answer in batch.Values)
                    answer.TrySetException(e);
            }
        }
    }

    private Dictionary<string, TaskCompletionSource<long>>? NextBatch()
    {
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _querying = false;
                return null;
            }
            var batch = _waiting.Take(_maxBatch).ToDictionary(StringComparer.Ordinal);
            foreach (var id in batch.Keys)
                _waiting.Remove(id);
            return batch;
        }
    }
}
