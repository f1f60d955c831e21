using Digipoort.Node.Composition;

namespace Digipoort.Node.Health;

public static class HealthFeature
{
    /// <summary>
    /// /health/ready's checks: the journal answers (watched continuously, so that admission can refuse at once while it
    /// does not) and the node is a member of its cluster. /health/live is the actor system's own check.
    /// </summary>
    public static IServiceCollection AddDigipoortHealth(this IServiceCollection services)
    {
        services.AddSingleton<JournalAvailability>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalAvailability>());
        services.AddHealthChecks()
            .AddCheck<JournalHealthCheck>("journal", tags: [AkkaComposition.ReadyTag])
            .AddCheck<MembershipHealthCheck>("membership", tags: [AkkaComposition.ReadyTag]);
        return services;
    }
}
