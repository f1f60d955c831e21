using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Digipoort.Node.Health;

/// <summary>
/// Ready only while the journal answers a query. (Akka.Persistence.Sql.Hosting's own connectivity
/// check is built against an older linq2db than the plugin uses and fails to load, so the node
/// asks the database itself.)
/// </summary>
public sealed class JournalHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // The plugin creates its tables on first use, so reaching the database is what counts.
            command.CommandText = "SELECT 1;";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SqliteException ex)
        {
            return HealthCheckResult.Unhealthy("The journal database cannot be queried.", ex);
        }
    }
}
