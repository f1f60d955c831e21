using System.Data;
using Digipoort.Node.Configuration;
using LinqToDB;
using Npgsql;

namespace Digipoort.Node.Composition;

/// <summary>
/// A PostgreSQL database shared by every node of a cluster. The tables are created by the node itself
/// before its actor system starts (<see cref="PostgreSqlJournalSchema"/>), under an advisory lock, so
/// nodes that start at once on an empty database do not race each other's <c>CREATE TABLE</c>.
/// </summary>
public sealed class PostgreSqlJournalDatabase : JournalDatabase
{
    private PostgreSqlJournalDatabase(string connectionString) : base(connectionString) { }

    protected override string ProviderName => LinqToDB.ProviderName.PostgreSQL15;

    protected override IsolationLevel ReadIsolation => IsolationLevel.ReadCommitted;

    protected override bool PluginCreatesTables => false;

    /// <summary>PostgreSQL commits concurrent transactions side by side; three writers keep it busy without crowding two cores.</summary>
    public override int WriterParallelism => 3;

    public static PostgreSqlJournalDatabase Open(JournalSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            throw new InvalidOperationException(
                "Digipoort:Journal:ConnectionString is required with Digipoort:Journal:Provider=PostgreSql " +
                "(e.g. Host=127.0.0.1;Port=5432;Database=digipoort;Username=digipoort;Password=…).");
        var connectionString = new NpgsqlConnectionStringBuilder(settings.ConnectionString).ConnectionString;
        PostgreSqlJournalSchema.EnsureCreated(connectionString, settings.StartupTimeout);
        return new PostgreSqlJournalDatabase(connectionString);
    }

    public override DataOptions DataOptions() => new DataOptions().UseConnectionString(ProviderName, ConnectionString);

    public override void ReleaseConnections()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    public override async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
