using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Digipoort.Node.Health;

/// <summary>
/// Ready only while the journal's database answers, as <see cref="JournalAvailability"/> last found (so a probe costs no
/// query). Akka.Persistence.Sql.Hosting's own connectivity check is built against an older linq2db than the plugin uses
/// and fails to load, so the node asks the database itself.
/// </summary>
public sealed class JournalHealthCheck(JournalAvailability journal) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(journal.Problem is { } problem
            ? HealthCheckResult.Unhealthy($"The journal database cannot be queried ({problem}).")
            : HealthCheckResult.Healthy());
}
