using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using Digipoort.Actors.Hosting;
using Digipoort.Actors.SenderViews;
using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;

namespace Digipoort.Node.Composition;

/// <summary>
/// The actor system of a node: remoting, a cluster (a single node joins itself), the SQL journal,
/// and the sharded message entities with their own sharding tables. Typed options carry what they
/// can; <c>cluster.hocon</c> carries the knobs they don't.
/// </summary>
public static class AkkaComposition
{
    public const string MessageRole = MessagingHostingExtensions.MessageRole;
    public const string ClusterHoconFile = "cluster.hocon";
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static IServiceCollection AddDigipoortAkka(this IServiceCollection services, NodeOptions options, DataFolder data)
    {
        var cluster = options.Cluster;
        var selfJoin = cluster.SeedNodes.Length == 0;
        // Sharding's own bookkeeping (remembered entities) lives in tables of its own.
        var sqlite = new SqlitePersistence(data.JournalConnectionString, options.Journal.Synchronous);
        var shardingJournal = sqlite.Journal(isDefault: false, "sharding", "sharding_journal", "sharding_tags", "sharding_journal_metadata");
        var shardingSnapshots = sqlite.Snapshots(isDefault: false, "sharding", "sharding_snapshot");

        services.AddAkka(cluster.ActorSystemName, builder =>
        {
            builder
                .ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithRemoting(new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port })
                .WithClustering(new ClusterOptions { SeedNodes = cluster.SeedNodes, Roles = [MessageRole] })
                .WithSqlPersistence(
                    sqlite.Journal(isDefault: true, "sql", "journal", "tags", "journal_metadata"),
                    sqlite.Snapshots(isDefault: true, "sql", "snapshot"))
                .WithJournalAndSnapshot(shardingJournal, shardingSnapshots)
                .WithMessageEntities(new ShardOptions
                {
                    Role = MessageRole,
                    StateStoreMode = StateStoreMode.DData,
                    // In-flight messages must resume after a restart or rebalance without a new request.
                    RememberEntities = true,
                    RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                    JournalOptions = shardingJournal,
                    SnapshotOptions = shardingSnapshots,
                })
                .WithSenderViews(journalId: "sql", role: MessageRole)
                .AddHoconFile(Path.Combine(AppContext.BaseDirectory, ClusterHoconFile), HoconAddMode.Prepend)
                // SQLite has one write lock: more than one writer stream per journal only adds waiting.
                .AddHocon("""
                    akka.persistence.journal.sql.parallelism = 1
                    akka.persistence.journal.sharding.parallelism = 1
                    """, HoconAddMode.Prepend)
                .WithActorSystemLivenessCheck(tags: [LiveTag])
                .WithAkkaClusterReadinessCheck(tags: [ReadyTag])
                .WithActors((system, _) =>
                {
                    if (selfJoin) Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress);
                });
        });
        return services;
    }
}
