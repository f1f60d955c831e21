using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.SenderViews;

public static class SenderViewsHostingExtensions
{
    /// <summary>
    /// Tags the message events written to the default journal (plugin id <paramref name="journalId"/>) and
    /// runs the sender-view projection as a cluster singleton on <paramref name="role"/>.
    /// <see cref="SenderViewStore"/> must be registered in the container.
    /// </summary>
    public static AkkaConfigurationBuilder WithSenderViews(this AkkaConfigurationBuilder builder, string journalId, string role) =>
        builder
            .AddHocon($$"""
                akka.persistence.journal.{{journalId}} {
                  event-adapters { message-tagger = "{{typeof(MessageEventTagger).AssemblyQualifiedName}}" }
                  event-adapter-bindings { "{{typeof(IMessageEvent).FullName}}, {{typeof(IMessageEvent).Assembly.GetName().Name}}" = message-tagger }
                }
                """, HoconAddMode.Prepend)
            .WithSingleton<SenderViewProjector>("sender-views",
                (_, _, resolver) => Props.Create(() => new SenderViewProjector(resolver.GetService<SenderViewStore>())),
                new ClusterSingletonOptions { Role = role }, createProxyToo: false);
}
