using System.Data;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using Digipoort.Node.Configuration;
using LinqToDB;

namespace Digipoort.Node.Composition;

/// <summary>
/// The database a node keeps its journals, snapshots, sharding bookkeeping and read models in: an
/// embedded SQLite file for a single node, or a PostgreSQL database that every node of a cluster
/// shares. Built once per node (<see cref="Prepare"/>) and handed to everything that needs it, so the
/// plugin options, the read models' linq2db options and the health check all agree on one database.
/// </summary>
public abstract class JournalDatabase
{
    protected JournalDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    /// <summary>linq2db's name for the dialect.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>How reads see concurrent writes (SQLite reads must not take the write lock, see <see cref="SqliteJournalDatabase"/>).</summary>
    protected abstract IsolationLevel ReadIsolation { get; }

    /// <summary>Whether the plugin creates its own tables (else <see cref="Prepare"/> has made them).</summary>
    protected abstract bool PluginCreatesTables { get; }

    /// <summary>Writer streams per journal: more than one only adds waiting where the database has one write lock.</summary>
    public abstract int WriterParallelism { get; }

    /// <summary>Makes the database ready before the actor system starts: creates it, its tables or its file settings.</summary>
    public static JournalDatabase Prepare(JournalSettings settings, string dataRoot)
    {
        JournalDatabase database = settings.Provider switch
        {
            JournalProvider.Sqlite => SqliteJournalDatabase.Open(settings, dataRoot),
            JournalProvider.PostgreSql => PostgreSqlJournalDatabase.Open(settings),
            _ => throw new InvalidOperationException($"Unknown journal provider '{settings.Provider}'."),
        };
        return database;
    }

    /// <summary>A journal with its own tables.</summary>
    public SqlJournalOptions Journal(bool isDefault, string id, JournalTables tables)
    {
        var database = JournalDatabaseOptions.Default;
        database.JournalTable!.TableName = tables.Journal;
        database.TagTable!.TableName = tables.Tags;
        database.MetadataTable!.TableName = tables.Metadata;
        return new SqlJournalOptions(isDefault, id)
        {
            ConnectionString = ConnectionString,
            ProviderName = ProviderName,
            DataOptions = DataOptions(),
            AutoInitialize = PluginCreatesTables,
            DatabaseOptions = database,
            TagStorageMode = TagMode.TagTable,
            DeleteCompatibilityMode = false,
            ReadIsolationLevel = ReadIsolation,
        };
    }

    public SqlSnapshotOptions Snapshots(bool isDefault, string id, string table)
    {
        var database = SnapshotDatabaseOptions.Default;
        database.SnapshotTable!.TableName = table;
        return new SqlSnapshotOptions(isDefault, id)
        {
            ConnectionString = ConnectionString,
            ProviderName = ProviderName,
            DataOptions = DataOptions(),
            AutoInitialize = PluginCreatesTables,
            DatabaseOptions = database,
            ReadIsolationLevel = ReadIsolation,
        };
    }

    /// <summary>linq2db options for this database with the journal's connection settings (for read models beside the journal).</summary>
    public abstract DataOptions DataOptions();

    /// <summary>Answers when the database can be queried; throws when it cannot (for the readiness check).</summary>
    public abstract Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Closes the pooled connections once the node has stopped, so a stopped node holds nothing open on the database.</summary>
    public abstract void ReleaseConnections();
}

/// <summary>The table names of one journal.</summary>
public sealed record JournalTables(string Journal, string Tags, string Metadata)
{
    /// <summary>The messages' journal.</summary>
    public static readonly JournalTables Messages = new("journal", "tags", "journal_metadata");

    /// <summary>Sharding's own bookkeeping (remembered entities), apart from the messages.</summary>
    public static readonly JournalTables Sharding = new("sharding_journal", "sharding_tags", "sharding_journal_metadata");

    public const string MessageSnapshots = "snapshot";
    public const string ShardingSnapshots = "sharding_snapshot";
}
