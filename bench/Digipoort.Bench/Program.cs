using System.Globalization;
using System.Runtime.InteropServices;
using Digipoort.Bench;

// bench/run.sh's helpers: see bench/README.md.
//   ceiling [--port P]                                 the bare Kestrel endpoint (runs until SIGTERM)
//   report --results DIR --out FILE [--notes FILE]     writes results.md from DIR's JSON and microbenchmark reports

using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

var named = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2) named[args[i]] = args[i + 1];

return args.FirstOrDefault() switch
{
    "ceiling" => await CeilingServer.RunAsync(
        int.Parse(named.GetValueOrDefault("--port", "0"), NumberStyles.None, CultureInfo.InvariantCulture), stop.Token),
    "report" when named.TryGetValue("--results", out var results) && named.TryGetValue("--out", out var output) =>
        await ResultsReport.WriteAsync(results, output, named.GetValueOrDefault("--notes"), stop.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Usage: Digipoort.Bench ceiling [--port P] | report --results DIR --out FILE [--notes FILE]");
    return 2;
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
