using Digipoort.Actors.Serialization;
using Digipoort.Node.Composition;
using Digipoort.Tests.Api;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Node;

/// <summary>
/// Pins the effective Akka configuration of a real node: that cluster.hocon is loaded, and that the
/// typed options and the file together give the values the design depends on.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class NodeConfigurationTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private Akka.Configuration.Config Config => gateway.Node.System.Settings.Config;

    [Fact]
    public void Cluster_hocon_is_loaded_with_the_split_brain_resolver_tuned()
    {
        Assert.Contains("SplitBrainResolverProvider", Config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-majority", Config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(3), Config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        // Without it the shard coordinator would wait stable-after again before re-homing a downed node's shards.
        Assert.Equal(TimeSpan.FromSeconds(1), Akka.Cluster.Cluster.Get(gateway.Node.System).DowningProvider.DownRemovalMargin);
    }

    [Fact]
    public void The_scheduler_turns_coarsely_enough_for_an_idle_node_to_sleep()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), Config.GetTimeSpan("akka.scheduler.tick-duration"));
        Assert.Equal("HashedWheelTimerScheduler", gateway.Node.System.Scheduler.GetType().Name);
    }

    [Fact]
    public void The_journal_has_headroom_and_reads_without_taking_the_write_lock()
    {
        Assert.Equal(50000, Config.GetInt("akka.persistence.journal.sql.buffer-size"));
        // SQLite reads must not queue behind its one writer; PostgreSQL's default isolation already lets them pass.
        Assert.Equal(TestJournal.IsPostgreSql ? "read-committed" : "read-uncommitted",
            Config.GetString("akka.persistence.journal.sql.read-isolation-level"));
        Assert.Equal(TestJournal.IsPostgreSql ? 3 : 1, Config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.Equal(100, Config.GetInt("akka.persistence.max-concurrent-recoveries"));
        Assert.Equal("akka.persistence.journal.sql", Config.GetString("akka.persistence.journal.plugin"));
    }

    /// <summary>
    /// A write slower than these counts as failed although it commits, and the failure restarts the message
    /// (journal) or the whole shard (remember-entities), repeating deliveries under way: they are far above what
    /// a write takes with messages in progress bounded (see bench/results-notes.md (d)).
    /// </summary>
    [Fact]
    public void Slow_writes_are_waited_for_rather_than_failed()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Config.GetTimeSpan("akka.persistence.journal.sql.circuit-breaker.call-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(60), Config.GetTimeSpan("akka.persistence.journal.sharding.circuit-breaker.call-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(60), Config.GetTimeSpan("akka.cluster.sharding.updating-state-timeout"));
    }

    /// <remarks>
    /// Messages are not remembered by sharding (a per-region setting): the durable wake-up resumes them; RestartTests,
    /// CrashRecoveryTests and the cluster tests prove it.
    /// </remarks>
    [Fact]
    public void Sharding_keeps_its_bookkeeping_in_its_own_tables()
    {
        Assert.Equal("sharding_journal", Config.GetString("akka.persistence.journal.sharding.default.journal.table-name"));
        Assert.Equal("journal", Config.GetString("akka.persistence.journal.sql.default.journal.table-name"));
        Assert.Equal("sharding_snapshot", Config.GetString("akka.persistence.snapshot-store.sharding.default.snapshot.table-name"));
    }

    [Fact]
    public void Everything_persisted_or_remoted_is_bound_to_the_project_serializer()
    {
        var serialization = gateway.Node.System.Serialization;
        Assert.All(DigipoortSerializer.KnownTypes, type => Assert.IsType<DigipoortSerializer>(serialization.FindSerializerForType(type)));
    }

    /// <summary>
    /// The layering, with a value set both ways: the typed options (here from the command line, as from appsettings.json)
    /// beat the HOCON file, and the file beats Akka's own defaults.
    /// </summary>
    [Fact]
    public async Task Typed_settings_win_over_the_hocon_file_and_the_file_over_akkas_defaults()
    {
        using var data = new TempDirectory();
        var hocon = Path.Combine(data.Path, "layering.hocon");
        await File.WriteAllTextAsync(hocon, """
            akka.remote.dot-netty.tcp.public-hostname = "from-the-file.invalid"
            akka.cluster.roles = ["from-the-file"]
            akka.cluster.sharding.waiting-for-state-timeout = 17s
            """);
        await using var node = await TestNode.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Cluster:HoconFile"] = hocon,
            ["Digipoort:Cluster:PublicHostname"] = "127.0.0.1",
        });
        var config = node.System.Settings.Config;

        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal([AkkaComposition.MessageRole], config.GetStringList("akka.cluster.roles"));
        Assert.Equal(TimeSpan.FromSeconds(17), config.GetTimeSpan("akka.cluster.sharding.waiting-for-state-timeout"));
    }
}
