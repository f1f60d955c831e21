using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.DependencyInjection;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;

namespace Digipoort.Actors.Storage.Journal;

/// <summary>
/// The SQL journal of the messages, whose recoveries ask the highest sequence number through one shared
/// <see cref="HighestSequenceNrBatcher"/> (registered in the container) instead of one query each. Everything else is
/// Akka.Persistence.Sql's <see cref="SqlWriteJournal"/> as it is.
/// </summary>
public sealed class BatchedRecoveryJournal : SqlWriteJournal
{
    private readonly HighestSequenceNrBatcher _highest;
    // Writes under way per persistence id. While one is, the plugin's own lookup waits for it to end before it reads,
    // so that a new incarnation never continues from a number a write in flight is about to take.
    private readonly ConcurrentDictionary<string, Task> _writing = new(StringComparer.Ordinal);

    public BatchedRecoveryJournal(Akka.Configuration.Config journalConfig) : base(journalConfig)
    {
        _highest = DependencyResolver.For(Context.System).Resolver.GetService<HighestSequenceNrBatcher>();
    }

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        // From 0 is a recovery without a snapshot (messages never snapshot); anything else keeps the plugin's query.
        fromSequenceNr == 0 && !_writing.ContainsKey(persistenceId)
            ? _highest.HighestAsync(persistenceId, cancellationToken)
            : base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? [.. messages];
        var written = base.WriteMessagesAsync(writes, cancellationToken);
        var entry = KeyValuePair.Create(writes[0].PersistenceId, (Task)written);
        _writing[entry.Key] = entry.Value;
        written.ContinueWith(_ => _writing.TryRemove(entry), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return written;
    }
}
