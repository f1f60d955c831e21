using Akka.Actor;
using Akka.Hosting;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Storage;
using Digipoort.Api.Ingress;
using Digipoort.Api.Receipts;
using Digipoort.Node.Configuration;
using Digipoort.Node.Health;

namespace Digipoort.Node.Intake;

public static class IntakeFeature
{
    /// <summary>
    /// Taking in a submission, whatever the protocol: its checks and staging (<see cref="SubmissionIntake"/>), and the
    /// bounded admission to the message actors, which refuses at once while the cluster settles, the journal does not
    /// answer, or the node is at capacity.
    /// </summary>
    public static IServiceCollection AddDigipoortIntake(this IServiceCollection services, NodeOptions options)
    {
        services.AddSingleton(sp => new ClusterSettling(sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SubmissionAdmission(sp.GetRequiredService<ActorSystem>(),
            sp.GetRequiredService<IRequiredActor<MessageActor>>().ActorRef,
            new AdmissionSettings(options.Submission.QueueCapacity, options.Submission.MaxInFlight, options.Submission.AskTimeout,
                TimeSpan.FromSeconds(1), options.Submission.UnreachableAskTimeout),
            sp.GetRequiredService<NodeCapacity>(),
            () => sp.GetRequiredService<ClusterSettling>().IsUnsettled,
            () => sp.GetRequiredService<JournalAvailability>().IsUnavailable));
        services.AddSingleton(sp => new SubmissionIntake(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<SubmissionAdmission>(),
            sp.GetRequiredService<CatalogueProvider>(), sp.GetRequiredService<ReceiptIssuer>(), options.Submission.MaxContentBytes));
        return services;
    }
}
