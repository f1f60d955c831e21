using System.Data;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;

namespace Digipoort.Node.Composition;

/// <summary>
/// The SQLite journal and snapshot stores of a node. Every store shares the one database file, its
/// per-connection settings and its isolation rules; only the plugin id and the table names differ.
/// </summary>
public sealed class SqlitePersistence(string connectionString, SqliteSynchronous synchronous)
{
    /// <summary>
    /// A journal with its own tables. Reads run as deferred (read-uncommitted) transactions: on SQLite the default isolation takes
    /// the write lock for every read, which serialises each recovery behind the writers. Writes keep
    /// the default (an immediate lock), so concurrent writers never deadlock on a lock upgrade.
    /// </summary>
    public SqlJournalOptions Journal(bool isDefault, string id, string table, string tagTable, string metadataTable)
    {
        var database = JournalDatabaseOptions.Default;
        database.JournalTable!.TableName = table;
        database.TagTable!.TableName = tagTable;
        database.MetadataTable!.TableName = metadataTable;
        return new SqlJournalOptions(isDefault, id)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.SQLiteMS,
            DataOptions = DataOptions(),
            AutoInitialize = true,
            DatabaseOptions = database,
            TagStorageMode = TagMode.TagTable,
            DeleteCompatibilityMode = false,
            ReadIsolationLevel = IsolationLevel.ReadUncommitted,
        };
    }

    /// <summary>linq2db options for this database with the journal's connection settings (for read models beside the journal).</summary>
    public DataOptions DataOptions() =>
        new DataOptions().UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new SqliteConnectionSettings(TimeSpan.FromSeconds(30), synchronous));

    public SqlSnapshotOptions Snapshots(bool isDefault, string id, string table)
    {
        var database = SnapshotDatabaseOptions.Default;
        database.SnapshotTable!.TableName = table;
        return new SqlSnapshotOptions(isDefault, id)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.SQLiteMS,
            DataOptions = DataOptions(),
            AutoInitialize = true,
            DatabaseOptions = database,
            ReadIsolationLevel = IsolationLevel.ReadUncommitted,
        };
    }
}
