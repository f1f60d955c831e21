using System.Globalization;
using Digipoort.LoadTest.Load;
using Spectre.Console;

namespace Digipoort.LoadTest.Reporting;

/// <summary>
/// Shows the run while it goes: rate over the last interval, totals, errors, throttling and latency so far.
/// On a terminal it redraws one table in place; otherwise (redirected output, CI) it writes a line every
/// few seconds, so logs stay readable.
/// </summary>
public static class LiveProgress
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    /// <summary>Shows progress until <paramref name="run"/> ends.</summary>
    public static async Task ShowWhileAsync(IAnsiConsole console, RunRecorder recorder, Task run)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Live(Table(recorder.Snapshot(), null, TerminalInterval)).StartAsync(async live =>
            {
                var previous = recorder.Snapshot();
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(TerminalInterval));
                    var now = recorder.Snapshot();
                    live.UpdateTarget(Table(now, previous, now.Elapsed - previous.Elapsed));
                    previous = now;
                }
            });
        }
        else
        {
            var previous = recorder.Snapshot();
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(LogInterval));
                var now = recorder.Snapshot();
                console.WriteLine(Line(now, previous, now.Elapsed - previous.Elapsed));
                previous = now;
            }
        }
        await run;
    }

    private static Table Table(RunSnapshot now, RunSnapshot? previous, TimeSpan interval)
    {
        var table = new Table().AddColumns("elapsed", "accepted/s", "sent", "accepted", "in flight", "refused", "no answer", "429/503", "p50 ms", "p99 ms");
        var all = now.All;
        table.AddRow($"{now.Elapsed.TotalSeconds:0}s", Rate(now, previous, interval), $"{all.Sent:N0}", $"{all.Accepted:N0}", $"{all.InFlight:N0}",
            $"{all.Refused:N0}", $"{all.Failed:N0}", $"{all.Throttled:N0}", Ms(all.LatencyMs(50)), Ms(all.LatencyMs(99)));
        return table;
    }

    private static string Line(RunSnapshot now, RunSnapshot previous, TimeSpan interval) =>
        string.Create(CultureInfo.InvariantCulture,
            $"[{now.Elapsed.TotalSeconds,5:0}s] accepted/s {Rate(now, previous, interval),7}  sent {now.All.Sent:N0}  accepted {now.All.Accepted:N0}  " +
            $"in flight {now.All.InFlight:N0}  refused {now.All.Refused:N0}  no answer {now.All.Failed:N0}  429/503 {now.All.Throttled:N0}  " +
            $"p50 {Ms(now.All.LatencyMs(50))} ms  p99 {Ms(now.All.LatencyMs(99))} ms");

    private static string Rate(RunSnapshot now, RunSnapshot? previous, TimeSpan interval) =>
        previous is null || interval <= TimeSpan.Zero ? "-" : ((now.All.Accepted - previous.All.Accepted) / interval.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0", CultureInfo.InvariantCulture);
}
