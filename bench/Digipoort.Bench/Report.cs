using System.Globalization;
using System.Text;

namespace Digipoort.Bench;

/// <summary>What the report needs besides the runs themselves.</summary>
internal sealed record ReportContext(
    DateTimeOffset StartedAt, MachineInfo Machine, BenchOptions Options, string CommandLine, string NodeDll, int DocumentBytes, int BodyBytes);

/// <summary>
/// The Markdown results: where and how it was measured, the figures (medians over the runs, the baseline
/// beside the durable path), each run's own figures, and whatever went wrong. Rates and latencies are
/// medians; counts of things that must not happen (errors, duplicates, undelivered) are totals, so that
/// one bad run cannot hide behind a median.
/// </summary>
/// <remarks>
/// Interpolated numbers format with the current culture, which is always the invariant one here
/// (InvariantGlobalization in Directory.Build.props), so reports look the same on every machine.
/// </remarks>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(ReportContext context, IReadOnlyList<RunFigures> runs)
    {
        var md = new StringBuilder();
        var o = context.Options;
        var m = context.Machine;
        Line(md, "# Digipoort single-node throughput");
        Line(md);
        Line(md, $"- **Date:** {context.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        Line(md, $"- **Machine:** {m.Processors} processors ({m.CpuModel}), {m.TotalMemory} memory; {m.Os}");
        Line(md, $"- **.NET:** SDK {m.DotnetSdk}; bench runtime {m.Runtime}");
        Line(md, $"- **Commit:** {m.Commit}; node `{context.NodeDll}`");
        Line(md, $"- **Data folders:** {m.DataFileSystem} (SQLite journal + blobs, fresh per run)");
        Line(md, $"- **Command:** `dotnet run -c Release --project bench/Digipoort.Bench -- {context.CommandLine}`");
        // The node inherits the environment, so Digipoort__… variables change what is measured.
        var nodeSettings = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("Digipoort__", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(k => $"`{k}={Environment.GetEnvironmentVariable(k)}`").ToList();
        Line(md, $"- **Node settings from the environment:** {(nodeSettings.Count == 0 ? "none (defaults)" : string.Join(", ", nodeSettings))}");
        Line(md, $"- **Parameters:** {o.Messages:N0} measured submissions per run, {o.Concurrency} in flight, document {context.DocumentBytes:N0} bytes " +
                 $"(JSON body {context.BodyBytes:N0} bytes), warm-up {o.Warmup:N0} (baseline and submissions each), {runs.Count} run(s)");
        Line(md, "- Load generator, counting recipient and node share this machine's processors: the figures are a lower bound. See bench/README.md.");
        Line(md);

        Line(md, runs.Count == 1 ? "## Figures" : $"## Figures (median of {runs.Count} runs; problem counts are totals)");
        Line(md);
        Line(md, "| figure | baseline: `POST /demo/recipient/baseline` | durable path: `POST /api/v1/messages` |");
        Line(md, "|---|---:|---:|");
        Line(md, $"| throughput | {Rate(Median(runs, r => r.Baseline.PerSecond))} req/s | {Rate(Median(runs, r => r.AcceptedPerSecond))} accepted/s |");
        Line(md, $"| delivered to the recipient | – | {Rate(Median(runs, r => r.DeliveredPerSecond))} delivered/s |");
        Line(md, $"| ratio to baseline | 1 | accepted {Ratio(Median(runs, r => r.AcceptedToBaseline))}, delivered {Ratio(Median(runs, r => r.DeliveredToBaseline))} |");
        foreach (var p in new[] { 50.0, 90.0, 99.0 })
            Line(md, $"| latency p{p:0} | {Ms(Median(runs, r => r.Baseline.Percentile(p)))} | {Ms(Median(runs, r => r.Accept.Percentile(p)))} (accept) |");
        Line(md, $"| node CPU, average cores | {Cores(Median(runs, r => r.BaselineNodeCores))} | {Cores(Median(runs, r => r.NodeCores))} (until all delivered) |");
        Line(md, $"| bench process CPU, average cores | – | {Cores(Median(runs, r => r.BenchCores))} |");
        Line(md, $"| node peak RSS (whole run) | – | {Mib(Median(runs, r => r.PeakRssBytes))} |");
        Line(md, $"| succeeded | {runs.Sum(r => r.Baseline.Succeeded):N0} / {runs.Sum(r => r.Baseline.Requested):N0} | " +
                 $"{runs.Sum(r => r.Accept.Succeeded):N0} / {runs.Sum(r => r.Accept.Requested):N0} accepted, " +
                 $"{runs.Sum(r => r.Delivery.Delivered):N0} / {runs.Sum(r => r.Delivery.Tracked):N0} delivered |");
        Line(md, $"| duplicates delivered (must be 0) | – | {runs.Sum(r => r.Delivery.DuplicatedKenmerken)} kenmerken, {runs.Sum(r => r.Delivery.ExtraDeliveries)} extra deliveries |");
        Line(md, $"| 503 answers (retried after Retry-After) | {runs.Sum(r => r.Baseline.Overloaded)} | {runs.Sum(r => r.Accept.Overloaded)} |");
        Line(md, $"| other errors | {runs.Sum(r => r.Baseline.ErrorCount)} | {runs.Sum(r => r.Accept.ErrorCount)} |");
        Line(md);

        Line(md, "## Runs");
        Line(md);
        Line(md, "| run | baseline req/s | accepted/s | delivered/s | accepted ÷ baseline | delivered ÷ baseline | accept p50 / p90 / p99 ms | " +
                 "delivered | duplicates | 503 | errors | node cores | bench cores | node peak RSS |");
        Line(md, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            Line(md, $"| {r.Run} | {Rate(r.Baseline.PerSecond)} | {Rate(r.AcceptedPerSecond)} | {Rate(r.DeliveredPerSecond)} | {Ratio(r.AcceptedToBaseline)} | " +
                     $"{Ratio(r.DeliveredToBaseline)} | {Ms(r.Accept.Percentile(50))} / {Ms(r.Accept.Percentile(90))} / {Ms(r.Accept.Percentile(99))} | " +
                     $"{r.Delivery.Delivered:N0} / {r.Delivery.Tracked:N0} | {r.Delivery.DuplicatedKenmerken} | {r.Accept.Overloaded} | " +
                     $"{r.Accept.ErrorCount + r.Baseline.ErrorCount} | {Cores(r.NodeCores)} | {Cores(r.BenchCores)} | {Mib(r.PeakRssBytes)} |");
        }
        Line(md);

        Line(md, "## Observations");
        Line(md);
        foreach (var r in runs) Observations(md, r);
        return md.ToString();
    }

    private static void Observations(StringBuilder md, RunFigures r)
    {
        Line(md, $"Run {r.Run}:");
        Line(md, $"- node ready {r.ReadyAfter.TotalSeconds:0.0} s after start; accepted in {r.Accept.Wall.TotalSeconds:0.00} s, " +
                 $"all delivered {(r.Delivery.Delivered > 0 ? $"{r.DeliveryWall.TotalSeconds:0.00} s" : "never")} after the first measured send");
        if (r.Warmup is { } w)
            Line(md, $"- warm-up: {w.Accepted}/{w.Requested} accepted, {w.Delivered} delivered, {w.Overloaded} × 503, {w.Errors} errors, {w.Took.TotalSeconds:0.0} s");
        Line(md, $"- recipient: {r.LaterAttempts} deliveries with Digipoort-Poging > 1 (node retries), {r.DeliveriesWithoutKenmerk} without a kenmerk; " +
                 $"{r.Delivery.ReusedKenmerken} kenmerken given to more than one submission");
        Errors(md, "baseline", r.Baseline);
        Errors(md, "submissions", r.Accept);
        foreach (var note in r.Notes) Line(md, $"- {note}");
        if (r.Delivery.Delivered < r.Delivery.Tracked)
        {
            Line(md, $"- **not delivered: {r.Delivery.Tracked - r.Delivery.Delivered}**; the node's view of a few:");
            foreach (var d in r.UndeliveredDiagnostics) Line(md, $"  - {d}");
        }
        if (r.NodeLog.Startup is { } startup)
            Line(md, $"- node log before ready: {startup.Warnings} warnings, {startup.Errors} errors (readiness probes that came too early log errors)");
        Line(md, $"- node log after ready (level Warning): {r.NodeLog.Warnings} warnings, {r.NodeLog.Errors} errors");
        foreach (var sample in r.NodeLog.Samples) Line(md, $"  - `{sample.Replace('`', '\'')}`");
        Line(md);
    }

    private static void Errors(StringBuilder md, string name, LoadResult load)
    {
        foreach (var (kind, count) in load.Errors)
            Line(md, $"- **{name}: {count} × {kind}**, e.g. `{load.ErrorSamples[kind].ReplaceLineEndings(" ").Replace('`', '\'')}`");
    }

    /// <summary>The median of the runs' values, leaving out unknown (null or NaN) ones; NaN if none is known.</summary>
    private static double Median(IEnumerable<RunFigures> runs, Func<RunFigures, double?> figure)
    {
        var values = runs.Select(figure).OfType<double>().Where(v => !double.IsNaN(v)).Order().ToArray();
        if (values.Length == 0) return double.NaN;
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double Median(IEnumerable<RunFigures> runs, Func<RunFigures, long?> figure) => Median(runs, r => (double?)figure(r));

    private static string Rate(double value) => Known(value, v => v.ToString("N0", Invariant));

    private static string Ratio(double value) => Known(value, v => v.ToString("0.000", Invariant));

    private static string Ms(double value) => Known(value, v => v.ToString("0.0", Invariant) + " ms");

    private static string Cores(double? value) => Known(value ?? double.NaN, v => v.ToString("0.00", Invariant));

    private static string Mib(double? bytes) => Known(bytes ?? double.NaN, v => (v / 1024 / 1024).ToString("N0", Invariant) + " MiB");

    private static string Known(double value, Func<double, string> format) => double.IsNaN(value) ? "unknown" : format(value);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
