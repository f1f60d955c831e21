using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Digipoort.Actors.Entities;

namespace Digipoort.Actors.SenderViews;

public static class SenderViewsHostingExtensions
{
    /// <summary>
    /// Runs, as cluster singletons on <paramref name="role"/>, the projection of the messages' journal (the sender views and
    /// the durable wake-up) and the waker that resumes messages from it. <see cref="SenderViewStore"/>,
    /// <see cref="MessageWakeUps"/> and <see cref="MessageJournalReader"/> must be registered in the container, and the
    /// message region before this.
    /// </summary>
    public static AkkaConfigurationBuilder WithMessageProjections(this AkkaConfigurationBuilder builder, string role) =>
        builder
            .WithSingleton<SenderViewProjector>("sender-views",
                (_, _, resolver) => Props.Create(() => new SenderViewProjector(resolver.GetService<SenderViewStore>(),
                    resolver.GetService<MessageJournalReader>())),
                new ClusterSingletonOptions { Role = role }, createProxyToo: false)
            .WithSingleton<MessageWaker>("message-waker",
                (_, registry, resolver) =>
                {
                    var wakeUps = resolver.GetService<MessageWakeUps>();
                    var messages = registry.Get<MessageActor>();
                    return Props.Create(() => new MessageWaker(wakeUps, messages));
                },
                new ClusterSingletonOptions { Role = role }, createProxyToo: false);
}
