using System.Globalization;
using System.Runtime.InteropServices;
using Digipoort.Bench;
using Digipoort.Bench.Cpu;
using Digipoort.Bench.Journal;
using Digipoort.Bench.Takeover;

// bench/run.sh's helpers: see bench/README.md.
//   ceiling [--port P]                                 the bare Kestrel endpoint (runs until SIGTERM)
//   journal --backend sqlite|postgresql …              the journal's own limit: one-event durable writes/s (JournalBaseline)
//   takeover-probe --targets URL,… --kill-command CMD  submissions before and after a node is killed (TakeoverProbe)
//   cpu --out FILE [--pids P,…]                        CPU samples of processes, PostgreSQL and the machine (runs until SIGTERM)
//   report --results DIR[,DIR…] --out FILE [--notes FILE]  writes results.md from the folders' JSON and microbenchmark reports

using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

var named = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2) named[args[i]] = args[i + 1];

switch (args.FirstOrDefault())
{
    case "ceiling":
        return await CeilingServer.RunAsync(int.Parse(named.GetValueOrDefault("--port", "0"), NumberStyles.None, CultureInfo.InvariantCulture), stop.Token);
    case "journal":
        return JournalBaselineOptions.Parse(named, out var journalProblem) is { } journal
            ? await JournalBaseline.RunAsync(journal, stop.Token)
            : Usage(journalProblem);
    case "takeover-probe":
        return TakeoverProbeOptions.Parse(named, out var probeProblem) is { } probe
            ? await TakeoverProbe.RunAsync(probe, stop.Token)
            : Usage(probeProblem);
    case "cpu" when named.TryGetValue("--out", out var cpuOut):
        return await CpuSampler.RunAsync(cpuOut,
            [.. named.GetValueOrDefault("--pids", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))],
            named.GetValueOrDefault("--server-command", "postgres"), stop.Token);
    case "report" when named.TryGetValue("--results", out var results) && named.TryGetValue("--out", out var output):
        return await ResultsReport.WriteAsync(results.Split(',', StringSplitOptions.RemoveEmptyEntries), output, named.GetValueOrDefault("--notes"), stop.Token);
    default:
        return Usage(null);
}

static int Usage(string? problem)
{
    if (problem is not null) Console.Error.WriteLine(problem);
    Console.Error.WriteLine($"""
        Usage: Digipoort.Bench ceiling [--port P]
           | {JournalBaselineOptions.Usage}
           | {TakeoverProbeOptions.Usage}
           | cpu --out FILE [--pids P,P…] [--server-command postgres]
           | report --results DIR[,DIR…] --out FILE [--notes FILE]
        """);
    return 2;
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
