using System.Data.Common;
using Digipoort.Node.Composition;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Digipoort.Node.Health;

/// <summary>
/// Ready only while the journal's database answers a query within <see cref="Timeout"/>. (Akka.Persistence.Sql.Hosting's own
/// connectivity check is built against an older linq2db than the plugin uses and fails to load, so the node asks the database itself.)
/// </summary>
public sealed class JournalHealthCheck(JournalDatabase database) : IHealthCheck
{
    /// <summary>A load balancer polls readiness every few seconds: an unreachable database must not hold the probe for longer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await database.PingAsync(deadline.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is DbException or OperationCanceledException or TimeoutException or IOException)
        {
            return HealthCheckResult.Unhealthy("The journal database cannot be queried.", ex);
        }
    }
}
