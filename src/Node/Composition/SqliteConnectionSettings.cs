using System.Data.Common;
using LinqToDB.Interceptors;

namespace Digipoort.Node.Composition;

/// <summary>
/// Per-connection SQLite settings for the journal's connections, applied as each connection opens
/// (SQLite keeps them per connection, not in the database file).
/// <list type="bullet">
/// <item><c>busy_timeout</c>: lets SQLite itself wait for the write lock. Without it
/// Microsoft.Data.Sqlite retries a locked database by sleeping 150 ms at a time; with the journal,
/// the snapshot store and sharding's remember-entities store writing to one file, nearly every
/// write paid that sleep (≈160 ms per submission at one in flight). SQLite's busy handler retries
/// within a millisecond or two.</item>
/// <item><c>synchronous</c>: FULL (the default) syncs the write-ahead log on every commit, so an
/// acknowledged submission survives a power loss; NORMAL syncs only at checkpoints — still safe
/// against a process crash, ~40% more throughput here, but the last commits can be lost with the
/// machine.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionSettings(TimeSpan busyTimeout, SqliteSynchronous synchronous) : ConnectionInterceptor
{
    private readonly string _pragmas =
        $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>How hard SQLite syncs the journal to disk (PRAGMA synchronous).</summary>
public enum SqliteSynchronous
{
    Full = 0,
    Normal,
    Extra,
}
