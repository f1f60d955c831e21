using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Digipoort.Actors.Hosting;

public static class MessagingHostingExtensions
{
    public const string MessageRegionName = "message";

    /// <summary>The cluster role of the nodes that host the message entities.</summary>
    public const string MessageRole = "message";

    /// <summary>
    /// Registers the message entities (sharded by kenmerk) and the serializer for everything they
    /// persist or exchange. <see cref="MessageServices"/> must be registered in the container.
    /// </summary>
    public static AkkaConfigurationBuilder WithMessageEntities(this AkkaConfigurationBuilder builder, ShardOptions shardOptions) =>
        builder
            .WithCustomSerializer("digipoort", [typeof(IDigipoortWireMessage)], system => new DigipoortSerializer(system))
            .WithShardRegion<MessageActor>(MessageRegionName,
                (_, _, resolver) =>
                {
                    var services = resolver.GetService<MessageServices>();
                    return kenmerk => Props.Create(() => new MessageActor(kenmerk, services));
                },
                new MessageEntityExtractor(),
                shardOptions);
}
