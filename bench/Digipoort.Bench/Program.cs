using System.Runtime.InteropServices;
using Digipoort.Bench;

// Single-node throughput of the durable submission path, next to the node's bare HTTP ceiling.
// See bench/README.md for what each figure means. The work is in BenchSession and BenchRun.

if (!BenchOptions.TryParse(args, out var options, out var problem))
{
    if (problem is not null) Console.Error.WriteLine(problem);
    Console.Error.WriteLine(BenchOptions.Usage);
    return problem is null ? 0 : 2;
}

// Ctrl+C and SIGTERM cancel the run, so that every node started is killed on the way out (NodeProcess
// disposal); a second signal is left to terminate the bench at once.
using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

try
{
    return await BenchSession.RunAsync(options, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
catch (BenchException e)
{
    Console.Error.WriteLine($"bench failed: {e.Message}");
    return 1;
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}
