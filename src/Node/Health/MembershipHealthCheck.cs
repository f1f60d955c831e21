using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Digipoort.Node.Health;

/// <summary>
/// Ready only while this node is an <c>Up</c> member of its cluster and is not shutting down. From the moment the host is
/// asked to stop (SIGTERM, Ctrl+C) the node answers not-ready, so a load balancer stops sending it new work while it
/// finishes the requests it has, hands its shards over and leaves.
/// </summary>
public sealed class MembershipHealthCheck(ActorSystem system, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
            return Task.FromResult(HealthCheckResult.Unhealthy("The node is leaving the cluster."));
        var status = Cluster.Get(system).SelfMember.Status;
        return Task.FromResult(status == MemberStatus.Up
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The node is {status}, not an Up member of its cluster."));
    }
}
