using System.Text.Json.Serialization;

namespace Digipoort.Api.Operations;

// GET /ops/v1/cluster: the cluster as the answering node sees it. These records and enums are the wire contract,
// mapped from Akka's membership and sharding statistics, so an Akka upgrade cannot change what operators get.
// Names are English, unlike the Digipoort contract: they are cluster terms without a koppelvlak counterpart, and
// operators look them up in Akka's documentation.

/// <param name="Self">The address of the node that answered.</param>
/// <param name="Leader">The member that moves others up and out (null while the cluster has none).</param>
/// <param name="Oldest">
/// The oldest member with the message role that is up (or leaving): the shard coordinator runs there, so losing it
/// pauses shard allocation until its successor takes over.
/// </param>
/// <param name="Members">Every member this node knows, in address order, with the shards it hosts.</param>
public sealed record OperatorClusterResponse(string Self, string? Leader, string? Oldest, IReadOnlyList<OperatorClusterMember> Members,
    OperatorShardingSummary Sharding);

/// <param name="Address">Its Akka.Remote address (akka.tcp://system@host:port).</param>
/// <param name="Reachable">False while the failure detector of some member has given up on it.</param>
/// <param name="Shards">Shards of the <c>message</c> region it hosts; null when its region did not report (see <see cref="OperatorShardingSummary.Status"/>).</param>
/// <param name="Entities">Live message entities (actors in memory) in those shards; null as for <paramref name="Shards"/>.</param>
/// <param name="FailedShards">Shards that did not answer their region in time, when any.</param>
public sealed record OperatorClusterMember(string Address, IReadOnlyList<string> Roles, OperatorMemberStatus Status, bool Reachable, bool Self,
    bool Leader, bool Oldest, int? Shards, int? Entities, IReadOnlyList<string>? FailedShards);

/// <param name="Region">The sharded entity type counted (the message entities).</param>
/// <param name="Shards">Shards over every member that reported.</param>
/// <param name="Entities">Live entities over every member that reported.</param>
public sealed record OperatorShardingSummary(string Region, OperatorShardStatisticsStatus Status, int Shards, int Entities);

[JsonConverter(typeof(JsonStringEnumConverter<OperatorMemberStatus>))]
public enum OperatorMemberStatus
{
    Joining,
    WeaklyUp,
    Up,
    Leaving,
    Exiting,
    Down,
    Removed,
}

[JsonConverter(typeof(JsonStringEnumConverter<OperatorShardStatisticsStatus>))]
public enum OperatorShardStatisticsStatus
{
    /// <summary>Every member that is up with the message role reported all its shards.</summary>
    Complete,

    /// <summary>Some member that is up did not report (e.g. unreachable), or some shards did not answer in time.</summary>
    Partial,

    /// <summary>No statistics within the timeout (e.g. the shard coordinator is moving after its node was lost).</summary>
    Unavailable,
}
