using System.Runtime.InteropServices;
using Digipoort.LoadTest;
using Digipoort.LoadTest.Cli;
using Digipoort.LoadTest.Machine;
using Digipoort.LoadTest.Reporting;
using Spectre.Console;

// The Digipoort load-test tool: see README "For load testers" and OptionParser.Usage.

if (!OptionParser.TryParse(args, out var options, out var problem))
{
    if (problem is not null) Console.Error.WriteLine(problem);
    Console.Error.WriteLine(OptionParser.Usage);
    return problem is null ? 0 : 2;
}

// The first Ctrl+C (or SIGTERM) stops sending new messages; what is in flight is still answered and
// verified. A second one aborts, and every node the tool started is still killed on the way out.
using var stopScheduling = new CancellationTokenSource();
using var abort = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

try
{
    var report = await LoadTestSession.RunAsync(options, AnsiConsole.Console, recipient: null, stopScheduling.Token, abort.Token);
    ConsoleReport.Write(AnsiConsole.Console, report);
    return report.ExitCode;
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    Console.Error.WriteLine("aborted");
    return 130;
}
catch (LoadTestException e)
{
    Console.Error.WriteLine($"load test failed: {e.Message}");
    return 1;
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    if (stopScheduling.IsCancellationRequested) abort.Cancel();
    else stopScheduling.Cancel();
}
