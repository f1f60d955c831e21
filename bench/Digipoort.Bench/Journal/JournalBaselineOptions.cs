using System.Globalization;
using Digipoort.LoadTest.Cli;
using Digipoort.Node.Configuration;

namespace Digipoort.Bench.Journal;

/// <summary>
/// <c>journal --backend sqlite|postgresql [--data DIR] [--entities N] [--concurrency C] [--warmup D] [--duration D]
/// [--event-bytes B] [--json PATH]</c>. PostgreSQL's connection string comes from the environment
/// (<see cref="ConnectionStringVariable"/>), not the command line, which <c>ps</c> shows everyone.
/// </summary>
internal sealed record JournalBaselineOptions(
    JournalProvider Provider, string? ConnectionString, string DataDirectory, int Entities, int Concurrency, TimeSpan Warmup, TimeSpan Duration,
    int EventBytes, string? JsonPath)
{
    public const string ConnectionStringVariable = "DIGIPOORT_BENCH_PG";

    public const string Usage =
        "journal --backend sqlite|postgresql [--data DIR] [--entities 1000] [--concurrency 64] [--warmup 5s] [--duration 15s] " +
        "[--event-bytes 256] [--json PATH]   (postgresql: connection string in " + ConnectionStringVariable + ")";

    public static JournalBaselineOptions? Parse(IReadOnlyDictionary<string, string> named, out string? problem)
    {
        problem = null;
        JournalProvider? provider = named.GetValueOrDefault("--backend") switch
        {
            "sqlite" => JournalProvider.Sqlite,
            "postgresql" => JournalProvider.PostgreSql,
            _ => null,
        };
        var connectionString = provider == JournalProvider.PostgreSql ? Environment.GetEnvironmentVariable(ConnectionStringVariable) : null;
        var entities = Int(named.GetValueOrDefault("--entities", "1000"));
        var concurrency = Int(named.GetValueOrDefault("--concurrency", "64"));
        var eventBytes = Int(named.GetValueOrDefault("--event-bytes", "256"));
        var warmup = named.TryGetValue("--warmup", out var w) ? (w is "0" or "0s" ? TimeSpan.Zero : OptionParser.Duration(w)) : TimeSpan.FromSeconds(5);
        var duration = OptionParser.Duration(named.GetValueOrDefault("--duration", "15s"));
        problem = provider is null ? "--backend must be sqlite or postgresql."
            : provider == JournalProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString) ? $"--backend postgresql needs {ConnectionStringVariable}."
            : provider == JournalProvider.Sqlite && !named.ContainsKey("--data") ? "--backend sqlite needs --data DIR (the journal file goes there)."
            : entities is null || concurrency is null || eventBytes is null ? "--entities, --concurrency and --event-bytes are positive integers."
            : warmup is null || duration is null ? "--warmup and --duration are durations such as 5s."
            : null;
        if (problem is not null) return null;
        var data = Path.GetFullPath(named.GetValueOrDefault("--data", Path.GetTempPath()));
        Directory.CreateDirectory(data);
        return new JournalBaselineOptions(provider!.Value, connectionString, data, entities!.Value, concurrency!.Value, warmup!.Value, duration!.Value,
            eventBytes!.Value, named.GetValueOrDefault("--json"));
    }

    private static int? Int(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
