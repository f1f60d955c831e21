using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Digipoort.Tests.Support;

/// <summary>
/// The journal backend the node tests run against. SQLite (the default) needs nothing; with
/// <c>DIGIPOORT_TEST_JOURNAL=PostgreSql</c> every node uses a PostgreSQL database on the server in
/// <c>DIGIPOORT_TEST_POSTGRES</c> (an Npgsql connection string without a database), one database per data
/// folder — so a node restarted on the same folder finds its journal again, and tests never see each
/// other's messages. The node creates its database itself; the test run drops the ones it used when it ends.
/// </summary>
public static class TestJournal
{
    public const string BackendVariable = "DIGIPOORT_TEST_JOURNAL";
    public const string ServerVariable = PostgreSqlTestDatabase.Variable;

    private static readonly ConcurrentDictionary<string, byte> Databases = new(StringComparer.Ordinal);

    static TestJournal() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DropDatabases();

    public static bool IsPostgreSql =>
        string.Equals(Environment.GetEnvironmentVariable(BackendVariable), "PostgreSql", StringComparison.OrdinalIgnoreCase);

    /// <summary>The PostgreSQL server of this test run, or null when none is configured.</summary>
    public static string? PostgreSqlServer => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null;

    /// <summary>The node settings (configuration key → value) that put a node with this data folder on the backend under test.</summary>
    public static IReadOnlyDictionary<string, string> SettingsFor(string dataDirectory)
    {
        if (!IsPostgreSql) return new Dictionary<string, string>();
        return new Dictionary<string, string>
        {
            ["Digipoort:Journal:Provider"] = "PostgreSql",
            ["Digipoort:Journal:ConnectionString"] = ConnectionStringFor(DatabaseFor(dataDirectory)),
        };
    }

    /// <summary>A connection string to <paramref name="database"/> on the test server.</summary>
    public static string ConnectionStringFor(string database)
    {
        var server = PostgreSqlServer ?? throw new InvalidOperationException(
            $"{BackendVariable}=PostgreSql needs {ServerVariable} (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres).");
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    /// <summary>A database name of the test run's own (dropped when the run ends), the same for the same <paramref name="key"/>.</summary>
    public static string DatabaseFor(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(key))))[..16];
        // DIGIPOORT_TEST_DB_PREFIX lets runs that share a server keep to names of their own.
        var name = $"{Environment.GetEnvironmentVariable("DIGIPOORT_TEST_DB_PREFIX") ?? "dt_"}{Environment.ProcessId}_{hash}";
        Databases.TryAdd(name, 0);
        return name;
    }

    private static void DropDatabases()
    {
        if (PostgreSqlServer is null || Databases.IsEmpty) return;
        try
        {
            using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
            connection.Open();
            foreach (var name in Databases.Keys)
            {
                using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                command.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException)
        {
            // Best effort: the databases are the test run's own and harmless if left behind.
        }
    }
}
