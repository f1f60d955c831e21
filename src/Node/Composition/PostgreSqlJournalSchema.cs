using System.Diagnostics;
using Npgsql;

namespace Digipoort.Node.Composition;

/// <summary>
/// Creates the database (when the configured one does not exist yet) and the journal's tables. Several nodes may start at
/// once against an empty database: concurrent <c>CREATE TABLE IF NOT EXISTS</c> on PostgreSQL can still fail on the
/// catalogue's unique index, so the statements run in one transaction under a transaction-scoped advisory lock, and a
/// concurrent <c>CREATE DATABASE</c> that lost the race counts as done. A database that is not reachable yet (a cluster
/// started before its database) is waited for, up to a deadline.
/// </summary>
internal static class PostgreSqlJournalSchema
{
    /// <summary>Any fixed number: it names the lock every Digipoort node takes while it creates the schema.</summary>
    private const long SchemaLock = 7_342_019_001;

    private const string DuplicateDatabase = "42P04";
    private const string UniqueViolation = "23505"; // what a CREATE DATABASE that lost a race reports
    private const string InvalidCatalogName = "3D000";

    public static void EnsureCreated(string connectionString, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                CreateTables(connectionString);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == InvalidCatalogName)
            {
                CreateDatabase(connectionString);
            }
            catch (NpgsqlException ex) when (ex is not PostgresException && deadline.Elapsed < timeout)
            {
                // Not reachable (yet): the database may be starting beside this node.
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static void CreateTables(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", SchemaLock);
            command.ExecuteNonQuery();
        }
        using (var command = new NpgsqlCommand(Ddl.Value, connection, transaction)) command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static void CreateDatabase(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new InvalidOperationException("The journal's connection string names no database.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        connection.Open();
        try
        {
            using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            command.ExecuteNonQuery();
        }
        catch (PostgresException ex) when (ex.SqlState is DuplicateDatabase or UniqueViolation)
        {
            // Another node created it first.
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static readonly Lazy<string> Ddl = new(() =>
    {
        using var stream = typeof(PostgreSqlJournalSchema).Assembly.GetManifestResourceStream("Digipoort.Node.postgresql-journal.sql")
            ?? throw new InvalidOperationException("The PostgreSQL schema is not embedded in the node.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
