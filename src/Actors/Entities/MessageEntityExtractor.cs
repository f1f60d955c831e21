using Akka.Cluster.Sharding;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.Entities;

/// <summary>
/// Routes everything that carries a kenmerk to its message entity. The shard count is fixed for the
/// life of the journal (changing it moves entities between shards): about ten times the largest
/// cluster we expect to run.
/// </summary>
public sealed class MessageEntityExtractor() : HashCodeMessageExtractor(ShardCount)
{
    public const int ShardCount = 100;

    public override string? EntityId(object message) => message is IWithKenmerk m ? m.Kenmerk : null;
}
