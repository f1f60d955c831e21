using System.Data;
using Digipoort.Node.Configuration;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace Digipoort.Node.Composition;

/// <summary>
/// The single-node default: one SQLite file in the data folder, in WAL mode, shared by the journal,
/// the snapshots, sharding's bookkeeping and the read models. The plugin creates its tables itself:
/// only one process ever opens the file.
/// </summary>
public sealed class SqliteJournalDatabase : JournalDatabase
{
    private readonly SqliteSynchronous _synchronous;

    private SqliteJournalDatabase(string connectionString, SqliteSynchronous synchronous) : base(connectionString) =>
        _synchronous = synchronous;

    protected override string ProviderName => LinqToDB.ProviderName.SQLiteMS;

    /// <summary>
    /// Deferred (read-uncommitted) reads: on SQLite the default isolation takes the write lock for every
    /// read, which serialises each recovery behind the writers. Writes keep the default (an immediate
    /// lock), so concurrent writers never deadlock on a lock upgrade.
    /// </summary>
    protected override IsolationLevel ReadIsolation => IsolationLevel.ReadUncommitted;

    protected override bool PluginCreatesTables => true;

    public override int WriterParallelism => 1;

    /// <summary>The journal file, by default <c>&lt;data&gt;/journal.db</c>, switched to WAL.</summary>
    public static SqliteJournalDatabase Open(JournalSettings settings, string dataRoot)
    {
        var connectionString = settings.ConnectionString
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataRoot, "journal.db") }.ToString();
        EnableWriteAheadLog(connectionString);
        return new SqliteJournalDatabase(connectionString, settings.Synchronous);
    }

    public override DataOptions DataOptions() =>
        new DataOptions().UseConnectionString(ProviderName, ConnectionString)
            .UseInterceptor(new SqliteConnectionSettings(TimeSpan.FromSeconds(30), _synchronous));

    public override void ReleaseConnections()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    public override async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// WAL lets the journal's readers (recoveries) run beside its writer instead of queueing behind
    /// it; the mode is stored in the database file, so setting it once on creation is enough.
    /// </summary>
    private static void EnableWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
