using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace Digipoort.Api.Operations;

/// <summary>
/// Maps the cluster's membership and the message region's sharding statistics, as one node sees them, to the
/// operator contract. Pure: the endpoint gathers the Akka facts, this decides what they say.
/// </summary>
public static class OperatorClusterView
{
    /// <summary>Members with these statuses are counted as running the shard coordinator (as the shard regions count them).</summary>
    private static readonly HashSet<MemberStatus> CoordinatorCandidates = [MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Exiting];

    /// <param name="state">The membership as this node knows it.</param>
    /// <param name="self">This node's address.</param>
    /// <param name="region">The sharded entity type <paramref name="sharding"/> counts.</param>
    /// <param name="role">The role the nodes hosting <paramref name="region"/> have.</param>
    /// <param name="sharding">The region's statistics over the cluster; null when they did not come in time.</param>
    public static OperatorClusterResponse From(ClusterEvent.CurrentClusterState state, Address self, string region, string role, ClusterShardingStats? sharding)
    {
        ArgumentNullException.ThrowIfNull(state);
        // The coordinator may name its own node's region by a local address: that is the node that answered it,
        // which is this one when the local address is ours.
        var regions = sharding is null ? []
            : sharding.Regions.ToDictionary(r => r.Key.HasLocalScope && r.Key.System == self.System ? self : r.Key, r => r.Value);
        var oldest = state.Members
            .Where(m => m.HasRole(role) && CoordinatorCandidates.Contains(m.Status))
            .Order(Member.AgeOrdering)
            .FirstOrDefault();

        var members = state.Members.OrderBy(m => m.Address, Member.AddressOrdering).Select(m =>
        {
            var stats = regions.GetValueOrDefault(m.Address);
            return new OperatorClusterMember(m.Address.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)], StatusOf(m.Status),
                Reachable: !state.Unreachable.Contains(m), Self: m.Address == self, Leader: m.Address == state.Leader,
                Oldest: oldest is not null && m.Address == oldest.Address,
                stats?.Stats.Count, stats?.Stats.Values.Sum(),
                stats is { Failed.Count: > 0 } ? [.. stats.Failed.Order(StringComparer.Ordinal)] : null);
        }).ToList();

        var summary = new OperatorShardingSummary(region, ShardingStatus(state, role, regions), regions.Values.Sum(r => r.Stats.Count),
            regions.Values.Sum(r => r.Stats.Values.Sum()));
        return new OperatorClusterResponse(self.ToString(), state.Leader?.ToString(), oldest?.Address.ToString(), members, summary);
    }

    private static OperatorShardStatisticsStatus ShardingStatus(ClusterEvent.CurrentClusterState state, string role,
        IReadOnlyDictionary<Address, ShardRegionStats> regions)
    {
        // The coordinator answers with no region at all when its own wait for the regions timed out.
        if (regions.Count == 0) return OperatorShardStatisticsStatus.Unavailable;
        var silent = state.Members.Any(m => m.Status == MemberStatus.Up && m.HasRole(role) && !regions.ContainsKey(m.Address));
        return silent || regions.Values.Any(r => r.Failed.Count > 0) ? OperatorShardStatisticsStatus.Partial : OperatorShardStatisticsStatus.Complete;
    }

    private static OperatorMemberStatus StatusOf(MemberStatus status) => status switch
    {
        MemberStatus.Joining => OperatorMemberStatus.Joining,
        MemberStatus.WeaklyUp => OperatorMemberStatus.WeaklyUp,
        MemberStatus.Up => OperatorMemberStatus.Up,
        MemberStatus.Leaving => OperatorMemberStatus.Leaving,
        MemberStatus.Exiting => OperatorMemberStatus.Exiting,
        MemberStatus.Down => OperatorMemberStatus.Down,
        MemberStatus.Removed => OperatorMemberStatus.Removed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "A member status this gateway does not know."),
    };
}
