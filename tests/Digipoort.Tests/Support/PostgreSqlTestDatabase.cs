using Npgsql;

namespace Digipoort.Tests.Support;

/// <summary>
/// A database of its own on the PostgreSQL server that environment variable <see cref="Variable"/> names
/// (CI sets it), created empty and dropped on dispose. Without the variable, tests that need one are
/// skipped (<see cref="PostgreSqlFactAttribute"/>, <see cref="RequiresPostgreSqlAttribute"/>), never passed.
/// </summary>
public sealed class PostgreSqlTestDatabase : IAsyncDisposable
{
    /// <summary>A connection string to the server, without a database, e.g. <c>Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres</c>.</summary>
    public const string Variable = "DIGIPOORT_TEST_POSTGRES";

    private PostgreSqlTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The server's connection string with this database in it.</summary>
    public string ConnectionString { get; }

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? SkipReason => Server is null
        ? $"No PostgreSQL to test against: set {Variable} to a server connection string (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres)."
        : null;

    private static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    /// <param name="prefix">Starts the database's name (lowercase letters, digits and '_'), so a shared server shows whose it is.</param>
    public static async Task<PostgreSqlTestDatabase> CreateAsync(string prefix)
    {
        var server = Server ?? throw new InvalidOperationException(SkipReason);
        var name = prefix + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            // A name cannot be a parameter; this one is made of the caller's prefix and hex digits only.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new PostgreSqlTestDatabase(name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    /// <summary>Opens a connection to this database, for a test to look at (or tamper with) what is stored.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // FORCE ends what pools (the store's, the test's) still hold open on it.
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
