using Akka.Actor;
using Akka.Cluster;

namespace Digipoort.Actors.Ingress;

/// <summary>
/// Whether shards may be on the move: a member is unreachable now, or the membership changed (a member downed, removed,
/// joined or left) within <see cref="SettleWindow"/> — the time the coordinator takes to re-home the shards concerned.
/// Submissions use it to refuse promptly instead of waiting on a shard that has no home yet (see
/// <see cref="SubmissionAdmission"/>).
/// </summary>
public sealed class ClusterSettling
{
    public static readonly TimeSpan SettleWindow = TimeSpan.FromSeconds(10);

    private readonly Cluster _cluster;
    private readonly TimeProvider _clock;
    private long _lastChangeTicks; // 0: never (a minimum value would overflow the subtraction below)

    public ClusterSettling(ActorSystem system, TimeProvider clock)
    {
        _cluster = Cluster.Get(system);
        _clock = clock;
        system.ActorOf(Props.Create(() => new ChangeListener(this)), "cluster-settling");
    }

    public bool IsUnsettled =>
        _cluster.State.Unreachable.Count > 0
        || _clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastChangeTicks) < SettleWindow.Ticks;

    private void Changed() => Interlocked.Exchange(ref _lastChangeTicks, _clock.GetUtcNow().UtcTicks);

    private sealed class ChangeListener : ReceiveActor
    {
        public ChangeListener(ClusterSettling settling)
        {
            // Only changes after startup count: the node's own join is not shards moving away from anyone.
            Receive<ClusterEvent.CurrentClusterState>(_ => { });
            Receive<ClusterEvent.MemberRemoved>(_ => settling.Changed());
            Receive<ClusterEvent.MemberLeft>(_ => settling.Changed());
            Receive<ClusterEvent.MemberExited>(_ => settling.Changed());
            Receive<ClusterEvent.MemberDowned>(_ => settling.Changed());
            Receive<ClusterEvent.UnreachableMember>(_ => settling.Changed());
            Receive<ClusterEvent.ReachableMember>(_ => settling.Changed());
            Receive<ClusterEvent.IMemberEvent>(_ => { });
        }

        protected override void PreStart() =>
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

        protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
