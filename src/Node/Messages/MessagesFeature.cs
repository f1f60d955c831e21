using Akka.Actor;
using Akka.Hosting;
using Digipoort.Actors.Delivery;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Processing;
using Digipoort.Actors.Processing.Authorisation;
using Digipoort.Actors.Processing.Splitting;
using Digipoort.Actors.Storage;
using Digipoort.Node.Configuration;

namespace Digipoort.Node.Messages;

public static class MessagesFeature
{
    /// <summary>
    /// What the message actors need from the node (<see cref="MessageServices"/>): the clock, the lifecycle's timings,
    /// the bound on messages in progress, and the release of a batch's items. The actors themselves are started with
    /// the actor system (<see cref="Composition.AkkaComposition"/>).
    /// </summary>
    public static IServiceCollection AddDigipoortMessages(this IServiceCollection services, NodeOptions options)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new NodeCapacity(options.Submission.MaxMessagesInProgress, options.Submission.MaxWriteLatency));
        services.AddSingleton(sp => new BatchItemRelease(sp.GetRequiredService<IBlobStore>(), MessageRegion(sp),
            options.Batches.ReleaseParallelism, options.Submission.AskTimeout, sp.GetRequiredService<NodeCapacity>()));
        services.AddSingleton(sp => new MessageServices(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<AuthorisationMatrixProvider>(),
            sp.GetRequiredService<DocumentProcessing>(),
            sp.GetRequiredService<DeliveryService>(),
            sp.GetRequiredService<BatchItemRelease>(),
            MessageRegion(sp),
            LifecycleSettings(options),
            sp.GetRequiredService<NodeCapacity>()));
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
}
