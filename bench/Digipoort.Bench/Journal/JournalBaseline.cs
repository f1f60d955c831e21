using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Digipoort.Node.Composition;
using Digipoort.Node.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Digipoort.Bench.Journal;

/// <summary>
/// The journal's own limit: one-event durable accepts per second of long-lived entities, the figure the
/// gateway's accepted/s is compared with. An actor system with the node's journal exactly as the node
/// builds it (<see cref="JournalDatabase"/>: SQLite in WAL with synchronous=FULL, or PostgreSQL with the
/// node's schema; the node's writer parallelism and cluster.hocon's persistence settings), no cluster,
/// no HTTP, no blobs: only entities that persist a small untagged event per command and answer once it is
/// durable. The entities are created and recovered before anything is measured, then a warm-up writes
/// their first events, then the measured run.
/// </summary>
internal static class JournalBaseline
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(JournalBaselineOptions options, CancellationToken cancellationToken)
    {
        var database = JournalDatabase.Prepare(new JournalSettings
        {
            Provider = options.Provider,
            ConnectionString = options.ConnectionString,
            Synchronous = SqliteSynchronous.Full,
        }, options.DataDirectory);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAkka("journal-bench", akka => akka
            // The node's persistence knobs (write queue, batch size, concurrent recoveries), layered as the node layers them:
            // first, so that the typed options below win over the file. Its cluster settings are inert here.
            .AddHoconFile(Path.Combine(AppContext.BaseDirectory, new ClusterSettings().HoconFile), HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithSqlPersistence(
                database.Journal(isDefault: true, "sql", JournalTables.Messages),
                database.Snapshots(isDefault: true, "sql", JournalTables.MessageSnapshots))
            .AddHocon($"akka.persistence.journal.sql.parallelism = {database.WriterParallelism}", HoconAddMode.Prepend));
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var run = Guid.NewGuid().ToString("N")[..8];
            var entities = Enumerable.Range(0, options.Entities)
                .Select(i => system.ActorOf(Props.Create(() => new JournalEntity($"bench-{run}-{i}")), $"entity-{i}"))
                .ToList();

            var recovering = Stopwatch.StartNew();
            await Task.WhenAll(entities.Select(e => e.Ask<long>(Count.Instance, AskTimeout, cancellationToken)));
            var recovery = recovering.Elapsed;

            var payload = new byte[options.EventBytes];
            new Random(1).NextBytes(payload);
            var load = new JournalLoad(entities, options.Concurrency, payload, AskTimeout);
            if (options.Warmup > TimeSpan.Zero) await load.RunAsync(options.Warmup, cancellationToken);

            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var startedAt = DateTimeOffset.UtcNow;
            var measured = await load.RunAsync(options.Duration, cancellationToken);
            self.Refresh();
            var cpu = (self.TotalProcessorTime - cpuBefore) / measured.Elapsed;

            var result = JournalResult.From(options, startedAt, recovery, measured, cpu);
            var json = JsonSerializer.Serialize(result, Json);
            Console.WriteLine(json);
            if (options.JsonPath is { } path) await File.WriteAllTextAsync(path, json + "\n", cancellationToken);
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            database.ReleaseConnections();
        }
    }
}
