using Digipoort.Api;
using Digipoort.Api.Ingress;
using Digipoort.Node.Authorisation;
using Digipoort.Node.Catalogue;
using Digipoort.Node.Composition;
using Digipoort.Node.Configuration;
using Digipoort.Node.Delivery;
using Digipoort.Node.Demo;
using Digipoort.Node.FirstRun;
using Digipoort.Node.Health;
using Digipoort.Node.Intake;
using Digipoort.Node.Messages;
using Digipoort.Node.Processing;
using Digipoort.Node.Receipts;
using Digipoort.Node.Tls;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Digipoort.Node;

/// <summary>
/// Builds a node: configuration, first-run preparation, the actor system, the gateway services and
/// the HTTP surface. Tests build real nodes through the same method.
/// </summary>
public static class DigipoortNode
{
    /// <param name="args">Command-line arguments (configuration keys as <c>--Digipoort:…=…</c>).</param>
    /// <param name="overrideServices">Replaces registrations after the node's own (tests inject a clock this way).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? overrideServices = null)
    {
        // Settings files ship beside the binaries; the data folder is resolved from the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var options = builder.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        var data = DataFolder.Prepare(options);
        var journal = JournalDatabase.Prepare(options.Journal, data.Root);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton(journal);
        // SIGTERM / Ctrl+C: Kestrel stops first and finishes the requests it has (the server is the last hosted service to
        // start, so the first to stop), then the actor system leaves the cluster and hands its shards over; all within this.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Cluster.ShutdownTimeout);

        // The features, each registered beside its code, in the order a submission meets them.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.Submission.MaxRequestBytes);
        builder.AddDigipoortMutualTls(options, data);
        builder.Services
            .AddDigipoortHealth()
            .AddDigipoortAuthorisation(options, AuthorisationSource(builder.Configuration, options))
            .AddDigipoortBlobStore(options, data)
            .AddDigipoortCatalogue(options, data)
            .AddDigipoortIntake(options)
            .AddDigipoortReceipts(options, data)
            .AddDigipoortMessages(options)
            .AddDigipoortProcessing(options)
            .AddDigipoortDelivery(options)
            .AddDigipoortWus(builder.Configuration, options, data)
            .AddDigipoortAkka(options, journal)
            .AddDigipoortApi(new RequestLimits(options.Submission.MaxConcurrentRequests, options.Submission.MaxQueuedRequests,
                options.Submission.MaxConcurrentLargeJson, 1024 * 1024, TimeSpan.FromSeconds(1),
                new SenderRateLimit(options.RateLimit.TokenLimit, options.RateLimit.TokensPerPeriod, options.RateLimit.ReplenishmentPeriod)));

        overrideServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(journal.ReleaseConnections);
        app.MapDigipoortApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(AkkaComposition.LiveTag) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(AkkaComposition.ReadyTag) });
        if (options.DemoRecipient) app.MapDemoRecipient();
        return app;
    }

    private static IConfiguration AuthorisationSource(IConfiguration configuration, NodeOptions options) =>
        options.AuthorisationFile is { } file
            ? new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: true).Build()
            : configuration.GetSection(NodeOptions.Section + ":Authorisation");
}
