using System.Globalization;
using System.Text;
using System.Text.Json;
using Digipoort.LoadTest;
using Digipoort.LoadTest.Machine;
using Digipoort.LoadTest.Reporting;

namespace Digipoort.Bench;

/// <summary>
/// Writes bench/results.md from one suite run (or several, e.g. a run of only the cluster steps beside an
/// earlier full run): the load-test tool's JSON results, named
/// <c>&lt;scenario&gt;-&lt;run&gt;.json</c> (scenarios <c>ceiling-&lt;driver&gt;</c>, <c>gateway-&lt;backend&gt;-&lt;driver&gt;</c>,
/// <c>overload-&lt;backend&gt;</c>), the BenchmarkDotNet GitHub-markdown reports under <c>microbench/</c>, and
/// a notes file (what the script skipped and why, what limits each figure), and the cluster steps' results
/// in subfolders (<see cref="ClusterReport"/>). Rates and latencies are
/// medians over a scenario's runs; lost, duplicated, wrong and error counts are totals, so a bad run
/// cannot hide behind a median.
/// </summary>
internal static class ResultsReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> WriteAsync(IReadOnlyList<string> resultsFolders, string outPath, string? notesPath, CancellationToken cancellationToken)
    {
        var runs = new List<(string Scenario, LoadReport Report)>();
        foreach (var file in resultsFolders.SelectMany(f => Directory.GetFiles(f, "*.json")).OrderBy(Path.GetFileName, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var scenario = name[..Math.Max(name.LastIndexOf('-'), 0)];
            var report = JsonSerializer.Deserialize<LoadReport>(await File.ReadAllTextAsync(file, cancellationToken), LoadTestSession.ReportJson)
                ?? throw new InvalidDataException($"{file} is empty.");
            runs.Add((scenario, report));
        }
        var repo = RepoLayout.Find();
        var machine = await MachineInfo.CollectAsync(repo.Root, cancellationToken);
        var md = new StringBuilder();
        Header(md, machine, runs, resultsFolders);
        if (runs.Count > 0) Throughput(md, runs);
        Overload(md, runs.Where(r => r.Scenario.StartsWith("overload-", StringComparison.Ordinal)).ToList());
        await ClusterReport.WriteAsync(md, resultsFolders, cancellationToken);
        Microbenchmarks(md, [.. resultsFolders.Select(f => Path.Combine(f, "microbench"))]);
        if (notesPath is not null && File.Exists(notesPath)) md.Append('\n').Append(await File.ReadAllTextAsync(notesPath, cancellationToken));
        await File.WriteAllTextAsync(outPath, md.ToString(), new UTF8Encoding(false), cancellationToken);
        Console.WriteLine($"written {outPath}");
        return runs.Any(r => r.Report.Verification is { Lost: > 0 }) ? 3 : 0;
    }

    private static void Header(StringBuilder md, MachineInfo m, List<(string Scenario, LoadReport Report)> runs, IReadOnlyList<string> folders)
    {
        Line(md, "# Digipoort benchmark results");
        Line(md);
        Line(md, $"- **Date:** {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC{(runs.Count > 0 ? $" (first load run started {runs.Min(r => r.Report.StartedAt):yyyy-MM-dd HH:mm:ss} UTC)" : "")}");
        Line(md, $"- **Machine:** {m.Processors} processors ({m.CpuModel}), {m.TotalMemory} memory; {m.Os}");
        Line(md, $"- **.NET:** SDK {m.DotnetSdk}; {m.Runtime}; everything built in Release");
        Line(md, $"- **Commit:** {m.Commit} (when this file was written)");
        // A folder's commit.txt (written by bench/run.sh) names the commit its runs measured, which matters when folders of several runs are merged.
        foreach (var folder in folders)
        {
            var commit = Path.Combine(folder, "commit.txt");
            Line(md, $"- **Results from** `{Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}`: measured at commit " +
                     $"{(File.Exists(commit) ? File.ReadAllText(commit).Trim() : "unknown")}");
        }
        Line(md, $"- **Data folders:** {m.DataFileSystem}");
        Line(md, "- **Produced by:** `bench/run.sh` (load: `tools/LoadTest`; ceiling and this file: `bench/Digipoort.Bench`; microbenchmarks: `bench/Digipoort.Microbench`)");
        Line(md, "- Load generator, counting recipient and node share this machine's processors, and other engineers' builds and tests were " +
                 "running on it at the same time: every figure is a lower bound and noisier than on a quiet machine.");
        Line(md);
    }

    private static void Throughput(StringBuilder md, List<(string Scenario, LoadReport Report)> runs)
    {
        Line(md, "## Throughput side by side (medians over the runs of each scenario)");
        Line(md);
        Line(md, "| scenario | load | runs | accepted/s | completed/s | batch items completed/s | accepted ÷ ceiling | accept p50 / p99 / p99.9 / max ms | lost | duplicated | wrong final | errors | 429/503 | node CPU cores | node peak RSS |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in runs.GroupBy(r => r.Scenario).OrderBy(g => Order(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var reports = group.Select(r => r.Report).ToList();
            var ceiling = Ceiling(runs, reports[0].Settings.Driver);
            var accepted = Median(reports.Select(r => r.Throughput.AcceptedPerSecond));
            var verified = reports.Where(r => r.Verification is not null).ToList();
            Line(md, $"| `{group.Key}` | {reports[0].Settings.Profile}, {Sizes(reports[0])} | {reports.Count} | {Rate(accepted)} | " +
                     $"{Rate(Median(reports.Select(r => r.Throughput.CompletedPerSecond ?? double.NaN)))} | " +
                     $"{Rate(Median(reports.Select(r => r.Throughput.ItemsCompletedPerSecond ?? double.NaN)))} | " +
                     $"{(group.Key.StartsWith("ceiling-", StringComparison.Ordinal) || double.IsNaN(ceiling) ? "–" : (accepted / ceiling).ToString("0.000", Invariant))} | " +
                     $"{Ms(Median(reports.Select(r => r.LatencyMs.P50)))} / {Ms(Median(reports.Select(r => r.LatencyMs.P99)))} / " +
                     $"{Ms(Median(reports.Select(r => r.LatencyMs.P999)))} / {Ms(Median(reports.Select(r => r.LatencyMs.Max)))} | " +
                     $"{Total(verified, v => v.Lost)} | {Total(verified, v => v.Duplicated)} | {Total(verified, v => v.WrongFinal)} | " +
                     $"{reports.Sum(r => r.Totals.Failed + r.Totals.Refused)} | {reports.Sum(r => r.Totals.Throttled)} | " +
                     $"{Cores(Median(reports.Select(r => r.Node?.CpuCores ?? double.NaN)))} | {Mib(Median(reports.Select(r => (double?)r.Node?.PeakRssBytes ?? double.NaN)))} |");
        }
        Line(md);
        Line(md, "accepted/s: acceptances ÷ time from the first send to the last acceptance (a 202 is durable). completed/s: messages seen at a " +
                 "final status ÷ time from the first send to the last final status (node clock); batch items completed/s: the same for the items " +
                 "the catalogue's batches were cut into, each followed like a message. Latency is from the intended send time " +
                 "(open loop) or the send (closed loop) to the answer. lost: accepted (or a batch item), never final within the verification timeout. " +
                 "`-tls` and `wus` scenarios submit over mutual TLS with the sender's certificate, the others over plain HTTP. " +
                 "\"–\" where a figure does not apply (the ceiling journals nothing and is not verified).");
        Line(md);
    }

    private static void Overload(StringBuilder md, List<(string Scenario, LoadReport Report)> runs)
    {
        if (runs.Count == 0) return;
        Line(md, "## Overload: memory under a flood (open loop well above capacity)");
        Line(md);
        Line(md, "| run | asked | accepted/s | 429/503 answers | not final when followed (lost) | delivered twice | node RSS after 5 s / peak / at end | node RSS over time (start → end, scaled to the peak) |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var (scenario, r) in runs)
        {
            var rss = r.Node?.Rss ?? [];
            Line(md, $"| `{scenario}` | {r.Settings.Profile} | {Rate(r.Throughput.AcceptedPerSecond)} | {r.Totals.Throttled:N0} | {r.Verification?.Lost.ToString(Invariant) ?? "not verified"} | " +
                     $"{r.Verification?.Duplicated.ToString(Invariant) ?? "not verified"} | " +
                     $"{Mib(rss.FirstOrDefault(s => s.Second >= 5)?.Bytes)} / {Mib(r.Node?.PeakRssBytes)} / {Mib(rss.LastOrDefault()?.Bytes)} | " +
                     $"`{Sparkline.Render([.. rss.Select(s => s.Bytes)], 120)}` |");
        }
        Line(md);
    }

    private static void Microbenchmarks(StringBuilder md, IReadOnlyList<string> folders)
    {
        var reports = folders.Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f, "*-report-github.md", SearchOption.AllDirectories)).Order(StringComparer.Ordinal).ToList();
        Line(md, "## Microbenchmarks (BenchmarkDotNet, short job)");
        Line(md);
        if (reports.Count == 0)
        {
            Line(md, "Not run in this suite run.");
            Line(md);
            return;
        }
        foreach (var report in reports)
        {
            Line(md, $"### {Path.GetFileName(report).Replace("-report-github.md", "", StringComparison.Ordinal)}");
            Line(md);
            // Keep the table; BenchmarkDotNet's environment block is the same machine as above.
            foreach (var line in File.ReadLines(report).Where(l => l.StartsWith('|'))) Line(md, System.Net.WebUtility.HtmlDecode(line));
            Line(md);
        }
    }

    /// <summary>Ceiling first, then the gateway, then overload.</summary>
    private static int Order(string scenario) =>
        scenario.StartsWith("ceiling-", StringComparison.Ordinal) ? 0 : scenario.StartsWith("overload-", StringComparison.Ordinal) ? 2 : 1;

    private static double Ceiling(List<(string Scenario, LoadReport Report)> runs, string driver) =>
        Median(runs.Where(r => r.Scenario == $"ceiling-{driver}").Select(r => r.Report.Throughput.AcceptedPerSecond));

    private static string Sizes(LoadReport r) =>
        $"{string.Join("/", r.Settings.SizesBytes.Select(b => b == 0 ? "sample size" : ConsoleReport.Bytes(b)))}, invalid {r.Settings.InvalidShare:0.##}";

    private static string Total(List<LoadReport> verified, Func<VerificationReport, int> figure) =>
        verified.Count == 0 ? "–" : verified.Sum(r => figure(r.Verification!)).ToString(Invariant);

    private static double Median(IEnumerable<double> values)
    {
        var known = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (known.Length == 0) return double.NaN;
        var middle = known.Length / 2;
        return known.Length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
    }

    private static string Rate(double value) => double.IsNaN(value) ? "–" : value.ToString("N0", Invariant);

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString("0.0", Invariant);

    private static string Cores(double value) => double.IsNaN(value) ? "–" : value.ToString("0.00", Invariant);

    private static string Mib(double? bytes) => bytes is { } b && !double.IsNaN(b) ? (b / 1024 / 1024).ToString("N0", Invariant) + " MiB" : "–";

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
