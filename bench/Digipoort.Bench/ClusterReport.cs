using System.Globalization;
using System.Text;
using System.Text.Json;
using Digipoort.Bench.Cpu;
using Digipoort.Bench.Journal;
using Digipoort.Bench.Takeover;
using Digipoort.LoadTest;
using Digipoort.LoadTest.Reporting;

namespace Digipoort.Bench;

/// <summary>
/// The "Cluster" section of results.md, from bench/run.sh's <c>journal</c> and <c>cluster</c> steps:
/// <c>journal/journal-&lt;backend&gt;-&lt;run&gt;.json</c> (<see cref="JournalResult"/>),
/// <c>cluster/&lt;backend&gt;-&lt;n&gt;node-&lt;run&gt;.json</c> (the load tool's reports),
/// <c>takeover/probe-&lt;run&gt;.json</c> with <c>takeover/load-&lt;run&gt;.json</c>, and
/// <c>cpu/&lt;name&gt;-&lt;run&gt;.jsonl</c> (<see cref="CpuSample"/>s taken during each of those runs).
/// Rates are medians over the runs; lost, duplicated and wrong counts are totals.
/// </summary>
internal static class ClusterReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync(StringBuilder md, IReadOnlyList<string> folders, CancellationToken cancellationToken)
    {
        var journal = await ReadAllAsync<JournalResult>(folders, "journal", "journal-", cancellationToken);
        var cluster = await ReadAllAsync<LoadReport>(folders, "cluster", "", cancellationToken);
        var probes = await ReadAllAsync<TakeoverProbeReport>(folders, "takeover", "probe-", cancellationToken);
        var takeoverLoad = await ReadAllAsync<LoadReport>(folders, "takeover", "load-", cancellationToken);
        if (journal.Count + cluster.Count + probes.Count == 0) return;
        var cpu = folders.Select(f => Path.Combine(f, "cpu")).Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.jsonl"))
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), CpuSampler.Load, StringComparer.Ordinal);

        Line(md, "## Cluster: the journal's own limit, 1–3 nodes on PostgreSQL beside 1 on SQLite, takeover after SIGKILL");
        Line(md);
        Line(md, "**Every process of these runs shares this machine's processors**: the nodes (one to three), the PostgreSQL server " +
                 "(a shared one, which other engineers' tests may use at the same time), the load tool and its counting recipient. " +
                 "More nodes here add no processors, only more processes competing for the same two; the figures say what the " +
                 "cluster costs, not what it gains on separate machines.");
        Line(md);
        JournalTable(md, journal);
        ClusterTable(md, cluster, journal, cpu);
        TakeoverTable(md, probes, takeoverLoad);
    }

    private static void JournalTable(StringBuilder md, List<(string Name, JournalResult Result)> journal)
    {
        if (journal.Count == 0) return;
        Line(md, "### Journal baseline: one-event durable writes/s of long-lived entities (`Digipoort.Bench journal`)");
        Line(md);
        Line(md, "| backend | runs | entities | in flight | event | events/s (total ÷ elapsed) | median second | write p50 / p99 / max ms | bench process CPU cores |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in journal.GroupBy(j => j.Result.Backend).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var runs = group.Select(g => g.Result).ToList();
            var first = runs[0];
            Line(md, $"| {group.Key} | {runs.Count} | {first.Entities:N0} | {first.Concurrency} | {first.EventBytes} B | " +
                     $"{Rate(Median(runs.Select(r => r.EventsPerSecond)))} | {Rate(Median(runs.Select(r => r.MedianSecondEventsPerSecond)))} | " +
                     $"{Ms(Median(runs.Select(r => r.LatencyP50Ms)))} / {Ms(Median(runs.Select(r => r.LatencyP99Ms)))} / {Ms(Median(runs.Select(r => r.LatencyMaxMs)))} | " +
                     $"{Cores(Median(runs.Select(r => r.ProcessCpuCores)))} |");
        }
        Line(md);
        Line(md, "The node's journal exactly as the node configures it (same `JournalDatabase`: SQLite in WAL with `synchronous=FULL`, " +
                 "one writer; PostgreSQL with the node's schema, three writers; the node's batch size and write queue), no cluster, HTTP or blobs. " +
                 "Entities are created and recovered before the warm-up, the warm-up writes their first events, then the measured run: " +
                 "each command `Persist`s one untagged event (like the node's since the durable wake-up; before, each event also wrote a tag row) and is answered from the callback. " +
                 "events/s is events made durable ÷ time from the first send to the last answer; \"median second\" is the median of the run's whole seconds. " +
                 "Medians over the runs.");
        Line(md);
    }

    private static void ClusterTable(StringBuilder md, List<(string Name, LoadReport Report)> cluster, List<(string Name, JournalResult Result)> journal,
        Dictionary<string, IReadOnlyList<CpuSample>> cpu)
    {
        if (cluster.Count == 0) return;
        var groups = cluster.GroupBy(c => Scenario(c.Name)).OrderBy(g => Nodes(g.Key)).ThenByDescending(g => g.Key, StringComparer.Ordinal).ToList(); // sqlite before postgresql
        var oneNodePostgres = Median(groups.Where(g => g.Key == "postgresql-1node").SelectMany(g => g).Select(r => r.Report.Throughput.AcceptedPerSecond));
        var first = cluster[0].Report;
        Line(md, "### Accepted and delivered, every message verified (`tools/LoadTest` against every node)");
        Line(md);
        Line(md, $"Load: {first.Settings.Profile} in total, spread round-robin over the nodes' plain-HTTP addresses; " +
                 $"{string.Join(", ", first.Settings.Berichtsoorten)} {string.Join("/", first.Settings.SizesBytes.Select(b => ConsoleReport.Bytes(b)))}, invalid {first.Settings.InvalidShare:0.##}; " +
                 "every recipient pointed at the tool's counting recipient. PostgreSQL runs: `scripts/cluster.sh up N` on a fresh database each " +
                 "(journal and blobs in PostgreSQL); SQLite: `tools/LoadTest --start-node` (journal in SQLite, blobs in files).");
        Line(md);
        Line(md, "| scenario | runs | accepted/s | completed/s | accepted/s per node | ÷ journal events/s (same backend) | ÷ 1 PostgreSQL node | accept p50 / p99 ms | lost | duplicated | wrong final | errors | 429/503 | CPU cores: nodes / PostgreSQL / whole machine |");
        Line(md, "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in groups)
        {
            var reports = group.Select(g => g.Report).ToList();
            var accepted = Median(reports.Select(r => r.Throughput.AcceptedPerSecond));
            var backend = group.Key[..group.Key.IndexOf('-', StringComparison.Ordinal)];
            var journalRate = Median(journal.Where(j => j.Result.Backend == backend).Select(j => j.Result.EventsPerSecond));
            var perNode = reports[0].PerTarget is { Count: > 0 } targets
                ? string.Join(" / ", targets.Select((_, i) => Rate(Median(reports.Select(r => r.PerTarget![i].AcceptedPerSecond)))))
                : "–";
            var windows = group.Select(g => Window(cpu, "cluster-" + g.Name, g.Report)).ToList();
            var nodeCores = Median(group.Select((g, i) => g.Report.Node?.CpuCores ?? (windows[i] is { } w ? w.Watched.Values.Sum() : double.NaN)));
            var verified = reports.Where(r => r.Verification is not null).ToList();
            Line(md, $"| `{group.Key}` | {reports.Count} | {Rate(accepted)} | {Rate(Median(reports.Select(r => r.Throughput.CompletedPerSecond ?? double.NaN)))} | " +
                     $"{perNode} | {Ratio(accepted, journalRate)} | {Ratio(accepted, oneNodePostgres)} | " +
                     $"{Ms(Median(reports.Select(r => r.LatencyMs.P50)))} / {Ms(Median(reports.Select(r => r.LatencyMs.P99)))} | " +
                     $"{Total(verified, v => v.Lost)} | {Total(verified, v => v.Duplicated)} | {Total(verified, v => v.WrongFinal)} | " +
                     $"{reports.Sum(r => r.Totals.Failed + r.Totals.Refused)} | {reports.Sum(r => r.Totals.Throttled)} | " +
                     $"{Cores(nodeCores)} / {Cores(Median(windows.Select(w => w?.Server ?? double.NaN)))} / " +
                     $"{Cores(Median(windows.Select(w => w?.MachineBusy ?? double.NaN)))} of {windows.FirstOrDefault(w => w is not null)?.Processors.ToString(Invariant) ?? "?"} |");
        }
        Line(md);
        Line(md, "accepted/s, completed/s, latency and lost/duplicated/wrong as in the first table (lost: accepted, never final; duplicated: " +
                 "delivered twice to one recipient). ÷ journal: accepted/s over the journal baseline's events/s on the same backend (each accepted " +
                 "message writes several events, so 1.0 is out of reach). CPU over the measured window (from the load tool's start to its last " +
                 "acceptance) from /proc: the node processes, every `postgres` process (other users' included), and the whole machine's busy time " +
                 "(load tool, recipient and anything else running); the SQLite node's CPU is the tool's own measurement of the node it started.");
        Line(md);
    }

    private static void TakeoverTable(StringBuilder md, List<(string Name, TakeoverProbeReport Report)> probes, List<(string Name, LoadReport Report)> loads)
    {
        if (probes.Count == 0) return;
        var first = probes[0].Report;
        Line(md, "### Takeover after SIGKILL: 3 nodes on PostgreSQL, steady load, `scripts/cluster.sh kill 2`");
        Line(md);
        var steady = loads.Count > 0 ? loads[0].Report.Settings.Profile + ", well below what the nodes take, no warm-up, " : "";
        Line(md, $"Steady load: `tools/LoadTest` on nodes 1 and 3 ({steady}started a few seconds before the probes; the tool follows each " +
                 "message through the node that accepted it, so the killed node gets none). Probes: `Digipoort.Bench takeover-probe`, " +
                 $"{first.Rate:0.#} new {first.Berichtsoort} submissions a second ({ConsoleReport.Bytes(first.SizeBytes)}, each a new kenmerk, so on " +
                 $"any shard), alternating between nodes 1 and 3, never retried; {first.Figures.KillAtSeconds - first.Figures.KillLagSeconds:0} s in, it runs `{first.KillCommand}`. " +
                 "**Takeover** = from the kill (node 2's process seen dead in /proc, polled every 5 ms; in brackets how long after the " +
                 "kill command started) to the send of the first probe from which on every probe was accepted (202) until the end of the " +
                 $"probing (at least {TakeoverAnalysis.SteadyAtEnd.TotalSeconds:0} s of them); **and fast again**: the same with every probe also " +
                 $"answered within {first.Figures.SlowMs / 1000:0.#} s. Probes in flight at the kill count before it.");
        Line(md);
        Line(md, "| run | takeover: all accepted again | and fast again | first probe not accepted | last not accepted, answered | probes after the kill: accepted fast / all | the others, by outcome | probe p50 / p99 / max before the kill | after | probe timeline (1 char = 1 s, its worst probe: `.` accepted fast, `s` accepted slowly, `x` refused or unanswered; `!` the kill) | steady load: accepted/s, lost, duplicated, wrong | its accepted/s over time |");
        Line(md, "|---|---:|---:|---:|---:|---:|---|---:|---:|---|---|---|");
        foreach (var (name, report) in probes.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            // Re-read from the probes themselves, so that the definition in TakeoverAnalysis holds for every stored run.
            var f = TakeoverAnalysis.Analyse(report.Probes, report.Figures.KillAtSeconds, report.Figures.KillLagSeconds, report.DurationSeconds,
                report.Figures.SlowMs);
            var run = name["probe-".Length..];
            var load = loads.FirstOrDefault(l => l.Name == "load-" + run).Report;
            var v = load?.Verification;
            Line(md, $"| {run} | {Bold(f.AcceptedAgainSeconds)} ({f.KillLagSeconds:0.00} s) | {Bold(f.FastAgainSeconds)} | " +
                     $"{Seconds(f.FirstNotAcceptedSeconds)} | {Seconds(f.LastNotAcceptedAnsweredSeconds)} | {f.AfterKill.AcceptedInTime} / {f.AfterKill.Probes} | " +
                     $"{(f.AfterKill.NotOk.Count == 0 ? "–" : string.Join(", ", f.AfterKill.NotOk.OrderByDescending(n => n.Value).Select(n => $"{n.Key}: {n.Value}")))} | " +
                     $"{Ms(f.BeforeKill.P50Ms)} / {Ms(f.BeforeKill.P99Ms)} / {Ms(f.BeforeKill.MaxMs)} ms{(f.BeforeKill.NotOk.Count > 0 ? $" ({f.BeforeKill.Probes - f.BeforeKill.AcceptedInTime} of {f.BeforeKill.Probes} not fast)" : "")} | " +
                     $"{Ms(f.AfterKill.P50Ms)} / {Ms(f.AfterKill.P99Ms)} / {Ms(f.AfterKill.MaxMs)} ms | " +
                     $"`{f.Timeline}` | " +
                     (load is null ? "– |" : $"{Rate(load.Throughput.AcceptedPerSecond)}, {v?.Lost.ToString(Invariant) ?? "?"}, {v?.Duplicated.ToString(Invariant) ?? "?"}, {v?.WrongFinal.ToString(Invariant) ?? "?"} | ") +
                     (load is null ? " – |" : $"`{Sparkline.Render(load.Timeline.AcceptedPerSecond, 60)}` |"));
        }
        Line(md);
    }

    private static CpuWindow? Window(Dictionary<string, IReadOnlyList<CpuSample>> cpu, string name, LoadReport report)
    {
        if (!cpu.TryGetValue(name, out var samples)) return null;
        var from = report.StartedAt.ToUnixTimeMilliseconds() / 1000.0;
        return CpuWindow.Of(samples, from, from + report.Throughput.AcceptWindowSeconds, Environment.ProcessorCount);
    }

    private static async Task<List<(string Name, T Result)>> ReadAllAsync<T>(IReadOnlyList<string> folders, string subfolder, string prefix,
        CancellationToken cancellationToken)
    {
        var all = new List<(string, T)>();
        foreach (var folder in folders.Select(f => Path.Combine(f, subfolder)).Where(Directory.Exists))
        {
            foreach (var file in Directory.GetFiles(folder, prefix + "*.json").Order(StringComparer.Ordinal))
            {
                var value = JsonSerializer.Deserialize<T>(await File.ReadAllTextAsync(file, cancellationToken), Json)
                    ?? throw new InvalidDataException($"{file} is empty.");
                all.Add((Path.GetFileNameWithoutExtension(file), value));
            }
        }
        return all;
    }

    /// <summary>"postgresql-3node-2" → "postgresql-3node".</summary>
    private static string Scenario(string name) => name[..Math.Max(name.LastIndexOf('-'), 0)];

    private static int Nodes(string scenario) =>
        int.TryParse(scenario[(scenario.LastIndexOf('-') + 1)..].Replace("node", "", StringComparison.Ordinal), NumberStyles.None, Invariant, out var n) ? n : 0;

    private static string Total(List<LoadReport> verified, Func<VerificationReport, int> figure) =>
        verified.Count == 0 ? "–" : verified.Sum(r => figure(r.Verification!)).ToString(Invariant);

    private static double Median(IEnumerable<double> values)
    {
        var known = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (known.Length == 0) return double.NaN;
        var middle = known.Length / 2;
        return known.Length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
    }

    private static string Ratio(double value, double by) => double.IsNaN(value) || double.IsNaN(by) || by == 0 ? "–" : (value / by).ToString("0.000", Invariant);

    private static string Rate(double value) => double.IsNaN(value) ? "–" : value.ToString("N0", Invariant);

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString("0.0", Invariant);

    private static string Cores(double value) => double.IsNaN(value) ? "–" : value.ToString("0.00", Invariant);

    private static string Bold(double? seconds) => seconds is { } s ? $"**{s.ToString("0.0", Invariant)} s**" : "not within the probing";

    private static string Seconds(double? value) => value is { } v ? v.ToString("0.0", Invariant) + " s" : "–";

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
