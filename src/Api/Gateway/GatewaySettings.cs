namespace Digipoort.Api.Gateway;

/// <summary>Section <c>Digipoort:Gateway</c>: how long the edge waits for the messages (<see cref="MessageGateway"/>).</summary>
public sealed class GatewaySettings
{
    public const string Section = "Digipoort:Gateway";

    /// <summary>
    /// How long a query (statuses, overview) waits for its message. A message that does not answer in time (its shard is
    /// moving, or it is still recovering) is answered as a retryable technical fault, on every protocol alike.
    /// </summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the shard coordinator waits for every region's statistics; the operator's cluster view is answered without
    /// them a second after, because a cluster that cannot count its shards is what an operator most needs to see.
    /// </summary>
    public TimeSpan ShardStatisticsTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
