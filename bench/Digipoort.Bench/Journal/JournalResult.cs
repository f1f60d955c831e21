using Digipoort.Node.Configuration;
using HdrHistogram;

namespace Digipoort.Bench.Journal;

/// <summary>
/// One run of the journal baseline, as bench/run.sh keeps it (<c>results/journal/*.json</c>) and
/// <see cref="ResultsReport"/> reads it.
/// </summary>
/// <param name="EventsPerSecond">The headline: events made durable ÷ time from the first send to the last answer.</param>
/// <param name="MedianSecondEventsPerSecond">The median of the run's whole seconds, for comparison (damps a stall at the start or end).</param>
/// <param name="RecoverySeconds">Creating and recovering every entity, before anything is measured.</param>
/// <param name="ProcessCpuCores">This process's CPU time ÷ the measured time (the database server's own CPU is not in it).</param>
internal sealed record JournalResult(
    string Backend, DateTimeOffset StartedAt, int Entities, int Concurrency, int EventBytes, double WarmupSeconds, double DurationSeconds,
    long Events, double ElapsedSeconds, double EventsPerSecond, double MedianSecondEventsPerSecond, IReadOnlyList<long> PerSecond,
    double LatencyP50Ms, double LatencyP99Ms, double LatencyMaxMs, double RecoverySeconds, double ProcessCpuCores)
{
    public static JournalResult From(JournalBaselineOptions options, DateTimeOffset startedAt, TimeSpan recovery, JournalRun run, double cpuCores)
    {
        var seconds = run.PerSecond.Order().ToArray();
        var median = seconds.Length == 0 ? 0 : seconds.Length % 2 == 1 ? seconds[seconds.Length / 2]
            : (seconds[(seconds.Length / 2) - 1] + seconds[seconds.Length / 2]) / 2.0;
        return new JournalResult(
            options.Provider == JournalProvider.Sqlite ? "sqlite" : "postgresql", startedAt, options.Entities, options.Concurrency, options.EventBytes,
            options.Warmup.TotalSeconds, options.Duration.TotalSeconds, run.Events, run.Elapsed.TotalSeconds,
            run.Elapsed > TimeSpan.Zero ? run.Events / run.Elapsed.TotalSeconds : 0, median, run.PerSecond,
            Ms(run.LatencyMicroseconds.GetValueAtPercentile(50)), Ms(run.LatencyMicroseconds.GetValueAtPercentile(99)),
            Ms(run.LatencyMicroseconds.GetMaxValue()), recovery.TotalSeconds, cpuCores);
    }

    private static double Ms(long microseconds) => microseconds / 1000.0;
}
