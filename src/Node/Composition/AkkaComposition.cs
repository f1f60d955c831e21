using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Hosting;
using Digipoort.Actors.SenderViews;
using Digipoort.Actors.Storage.Journal;
using Digipoort.Node.Configuration;

namespace Digipoort.Node.Composition;

/// <summary>
/// The actor system of a node: remoting, a cluster (a single node joins itself), the SQL journal,
/// and the sharded message entities with their own sharding tables. Typed options carry what they
/// can; <c>cluster.hocon</c> carries the knobs they don't.
/// </summary>
/// <remarks>
/// Layering, lowest first: Akka's reference defaults, <c>cluster.hocon</c>, the typed options (from <c>appsettings.json</c>,
/// the environment and the command line, through <see cref="NodeOptions"/>), and last the few values this class computes.
/// Akka.Hosting puts each HOCON added with <see cref="HoconAddMode.Prepend"/> in front of everything added before it,
/// and the typed options add theirs that way: so the file is added first, and whatever comes after it wins.
/// </remarks>
public static class AkkaComposition
{
    public const string MessageRole = MessagingHostingExtensions.MessageRole;
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static IServiceCollection AddDigipoortAkka(this IServiceCollection services, NodeOptions options, JournalDatabase database)
    {
        var cluster = options.Cluster;
        var selfJoin = cluster.SeedNodes.Length == 0;
        // Sharding's own bookkeeping (remembered entities) lives in tables of its own.
        var shardingJournal = database.Journal(isDefault: false, "sharding", JournalTables.Sharding);
        var shardingSnapshots = database.Snapshots(isDefault: false, "sharding", JournalTables.ShardingSnapshots);

        var dataOptions = database.DataOptions();
        services.AddSingleton(sp => new MessageWakeUps(dataOptions,
            new WakeUpSettings(options.Messages.ResumeAfter, options.Messages.WakeUpInterval, WakeUpSettings.Default.BatchSize),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SenderViewStore(dataOptions, sp.GetRequiredService<MessageWakeUps>()));
        services.AddSingleton(sp => new MessageJournalReader(sp.GetRequiredService<Akka.Actor.ActorSystem>()));
        services.AddSingleton(new HighestSequenceNrBatcher(new JournalHighestSequenceNrs(dataOptions, JournalTables.Messages.Journal).QueryAsync));

        services.AddAkka(cluster.ActorSystemName, builder =>
        {
            builder
                .AddHoconFile(Path.Combine(AppContext.BaseDirectory, cluster.HoconFile), HoconAddMode.Prepend)
                .ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithRemoting(new RemoteOptions { HostName = cluster.Hostname, PublicHostName = cluster.PublicHostname, Port = cluster.Port })
                .WithClustering(new ClusterOptions { SeedNodes = cluster.SeedNodes, Roles = [MessageRole] })
                .WithSqlPersistence(
                    database.Journal(isDefault: true, "sql", JournalTables.Messages),
                    database.Snapshots(isDefault: true, "sql", JournalTables.MessageSnapshots))
                .WithJournalAndSnapshot(shardingJournal, shardingSnapshots)
                .WithMessageEntities(new ShardOptions
                {
                    Role = MessageRole,
                    // The coordinator's state (which shard lives where, and which to restart) in the shared journal rather than in
                    // distributed data: a DData write must reach a majority (plus extra nodes) and fails while a node is dead but not
                    // yet removed, which held the dead node's shards — and every message for them — for tens of seconds.
                    StateStoreMode = StateStoreMode.Persistence,
                    // Not remember-entities: it wrote twice per message and held each new message until the first write was
                    // done. In-flight messages resume after a crash, restart or rebalance by the durable wake-up instead
                    // (MessageWakeUps, kept by the projection from the journal).
                    RememberEntities = false,
                    // A message handed to another node first finishes the delivery it is making (see MessageActor).
                    HandOffStopMessage = StopAfterRunningWork.Instance,
                    JournalOptions = shardingJournal,
                    SnapshotOptions = shardingSnapshots,
                })
                .WithMessageProjections(role: MessageRole)
                .AddHocon($"""
                    akka.persistence.journal.sql.parallelism = {database.WriterParallelism}
                    # Recovering messages ask their highest sequence number together (BatchedRecoveryJournal).
                    akka.persistence.journal.sql.class = "{typeof(BatchedRecoveryJournal).AssemblyQualifiedName}"
                    akka.persistence.journal.sharding.parallelism = {database.WriterParallelism}
                    """, HoconAddMode.Prepend)
                .WithActorSystemLivenessCheck(tags: [LiveTag])
                .WithActors((system, _) =>
                {
                    if (selfJoin) Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress);
                });
        });
        return services;
    }
}
