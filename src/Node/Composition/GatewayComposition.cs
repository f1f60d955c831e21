using Akka.Actor;
using Akka.Hosting;
using Digipoort.Actors.Delivery;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Processing;
using Digipoort.Actors.Processing.Authorisation;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Splitting;
using Digipoort.Actors.Storage;
using Digipoort.Api.Identity;
using Digipoort.Api.Ingress;
using Digipoort.Api.Receipts;
using Digipoort.Node.Authorisation;
using Digipoort.Node.Catalogue;
using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Digipoort.Node.Composition;

/// <summary>The gateway's services: storage, catalogue, processing, delivery and intake.</summary>
public static class GatewayComposition
{
    /// <param name="authorisation">Where the authorisation matrix is configured (watched for changes).</param>
    public static IServiceCollection AddDigipoortGateway(this IServiceCollection services, NodeOptions options, DataFolder data,
        IConfiguration authorisation)
    {
        // Broken entries are refused one by one (and reported by CatalogueReload), so one bad berichtsoort
        // does not keep the node, and every other berichtsoort, from starting.
        var catalogue = new CatalogueProvider(data.CatalogueDirectory, options.Recipients.ContainsKey);

        var blobs = BlobStoreFactory.Create(options, data.Root, BlobKeys.Load(options, data.Root));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(catalogue);
        services.AddHostedService(sp => new CatalogueReload(catalogue, options.Catalogue.ReloadInterval,
            sp.GetRequiredService<ILogger<CatalogueReload>>()));
        services.AddSingleton(_ => blobs); // by factory, so the container disposes it (a database store holds a connection pool)
        services.AddSingleton(sp => new RecipientDirectory(options.Recipients, () => SelfBaseAddress(sp)));
        services.AddSingleton<IDeliveryChannel>(sp => new HttpPushChannel(sp.GetRequiredService<IBlobStore>()));
        services.AddSingleton(sp => new DeliveryService(sp.GetRequiredService<IDeliveryChannel>(),
            sp.GetRequiredService<RecipientDirectory>(), options.Delivery.MaxConcurrentPerRecipient));
        services.AddSingleton(sp => new DocumentProcessing(sp.GetRequiredService<CatalogueProvider>(), sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<RecipientDirectory>(),
            new BatchSplitter(sp.GetRequiredService<IBlobStore>(), new BatchLimits(options.Batches.MaxItems, options.Batches.MaxItemBytes)),
            options.Validation.MaxConcurrency > 0 ? options.Validation.MaxConcurrency : Environment.ProcessorCount,
            options.Validation.MaxTreeBytes));
        services.AddSingleton(new NodeCapacity(options.Submission.MaxMessagesInProgress, options.Submission.MaxWriteLatency));
        services.AddSingleton(sp => new BatchItemRelease(sp.GetRequiredService<IBlobStore>(), MessageRegion(sp),
            options.Batches.ReleaseParallelism, options.Submission.AskTimeout, sp.GetRequiredService<NodeCapacity>()));
        services.AddSingleton(new AuthorisationMatrixProvider(AuthorisationReload.Load(authorisation)));
        services.AddHostedService(sp => new AuthorisationReload(authorisation, sp.GetRequiredService<AuthorisationMatrixProvider>(),
            sp.GetRequiredService<ILogger<AuthorisationReload>>()));
        services.AddSingleton(sp => new MessageServices(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<AuthorisationMatrixProvider>(),
            sp.GetRequiredService<DocumentProcessing>(),
            sp.GetRequiredService<DeliveryService>(),
            sp.GetRequiredService<BatchItemRelease>(),
            MessageRegion(sp),
            LifecycleSettings(options),
            sp.GetRequiredService<NodeCapacity>()));

        services.AddSingleton(sp => new SubmissionAdmission(sp.GetRequiredService<ActorSystem>(),
            sp.GetRequiredService<IRequiredActor<MessageActor>>().ActorRef,
            new AdmissionSettings(options.Submission.QueueCapacity, options.Submission.MaxInFlight, options.Submission.AskTimeout,
                TimeSpan.FromSeconds(1), options.Submission.UnreachableAskTimeout),
            sp.GetRequiredService<NodeCapacity>(),
            () => sp.GetRequiredService<ClusterSettling>().IsUnsettled,
            () => sp.GetRequiredService<Health.JournalAvailability>().IsUnavailable));
        services.AddSingleton(sp => new ClusterSettling(sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SubmissionIntake(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<SubmissionAdmission>(),
            sp.GetRequiredService<CatalogueProvider>(), sp.GetRequiredService<ReceiptIssuer>(), options.Submission.MaxContentBytes));
        services.AddSingleton<IReceiptCertificateProvider>(new FixedReceiptCertificate(ReceiptSigningCertificate.Load(options.Receipts, data)));
        services.AddSingleton(sp => new ReceiptSigner(sp.GetRequiredService<IReceiptCertificateProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISenderIdentityResolver>(new SenderIdentityResolver(options.Development));
        services.AddSingleton(sp => new MessageReadAccess(sp.GetRequiredService<AuthorisationMatrixProvider>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static MessageLifecycleSettings LifecycleSettings(NodeOptions options) => new(
        options.Delivery.Deadline,
        new RetryPolicy(options.Delivery.InitialRetryDelay, options.Delivery.MaxRetryDelay, options.Delivery.Jitter),
        new RetryPolicy(options.Validation.InitialRetryDelay, options.Validation.MaxRetryDelay, options.Delivery.Jitter),
        options.Validation.MaxAttempts,
        options.Messages.IdleBeforePassivation,
        options.Batches.NotificationRetry);

    /// <summary>The message entities' region, looked up when first needed: the actor system starts after the container is built.</summary>
    private static Func<IActorRef> MessageRegion(IServiceProvider services) =>
        () => services.GetRequiredService<IRequiredActor<MessageActor>>().ActorRef;

    /// <summary>The node's own HTTP base address, once it listens (wildcard hosts become loopback).</summary>
    private static Uri? SelfBaseAddress(IServiceProvider services)
    {
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault();
        if (address is null) return null;
        address = address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://[::1]", StringComparison.Ordinal);
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null;
    }
}
