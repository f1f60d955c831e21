using System.Diagnostics;
using Digipoort.LoadTest.Drivers;
using Digipoort.LoadTest.Generation;
using Digipoort.LoadTest.Load;
using Digipoort.LoadTest.Reporting;
using Spectre.Console;

namespace Digipoort.Tests.LoadTest;

/// <summary>
/// A run against several nodes is reported per node as well as in total: each node's figures count only what was
/// sent to it, and together they make the totals.
/// </summary>
public sealed class PerTargetFiguresTests
{
    private static readonly string[] Nodes = ["https://127.0.0.1:5541/", "https://127.0.0.1:5542/", "https://127.0.0.1:5543/"];

    [Fact]
    public void Each_nodes_figures_count_only_what_was_sent_to_it()
    {
        var report = Build(Recorded());

        var (first, second, third) = (report.PerTarget![0], report.PerTarget[1], report.PerTarget[2]);
        Assert.Equal(Nodes, report.PerTarget.Select(t => t.Target));
        Assert.Equal(new Totals(Messages: 3, Requests: 3, Accepted: 3, AlreadySubmitted: 1, Refused: 0, Failed: 0, Throttled: 0), first.Totals);
        Assert.Equal(new Totals(Messages: 4, Requests: 5, Accepted: 1, AlreadySubmitted: 0, Refused: 2, Failed: 1, Throttled: 1), second.Totals);
        Assert.Equal(new Totals(0, 0, 0, 0, 0, 0, 0), third.Totals);
        // accepted/s: a node's acceptances over the time to its own last acceptance (2 s and 4 s).
        Assert.Equal(1.5, first.AcceptedPerSecond, precision: 3);
        Assert.Equal(0.25, second.AcceptedPerSecond, precision: 3);
        Assert.Equal(0, third.AcceptedPerSecond);
        // Latency from each node's own acceptances only (HdrHistogram keeps 3 significant digits).
        Assert.InRange(first.LatencyMs.P50, 19.9, 20.1);
        Assert.InRange(first.LatencyMs.P99, 29.9, 30.1);
        Assert.InRange(second.LatencyMs.P50, 99.9, 100.1);
        Assert.Equal(0, third.LatencyMs.Count);
        Assert.True(double.IsNaN(third.LatencyMs.P50));
    }

    [Fact]
    public void The_nodes_figures_add_up_to_the_totals()
    {
        var report = Build(Recorded());

        var perTarget = report.PerTarget!.Select(t => t.Totals).ToList();
        Assert.Equal(report.Totals, new Totals(perTarget.Sum(t => t.Messages), perTarget.Sum(t => t.Requests), perTarget.Sum(t => t.Accepted),
            perTarget.Sum(t => t.AlreadySubmitted), perTarget.Sum(t => t.Refused), perTarget.Sum(t => t.Failed), perTarget.Sum(t => t.Throttled)));
        Assert.Equal(report.LatencyMs.Count, report.PerTarget!.Sum(t => t.LatencyMs.Count));
        Assert.InRange(report.LatencyMs.Max, 99.9, 100.1);
        // Overall: 4 acceptances over the 4 s to the last of them.
        Assert.Equal(1.0, report.Throughput.AcceptedPerSecond, precision: 3);
    }

    [Fact]
    public void The_console_report_shows_a_row_per_node_only_when_there_were_several()
    {
        var several = Write(Build(Recorded()));
        var recorder = new RunRecorder(targets: 1);
        Accept(recorder, 0, latencyMs: 10, atSecond: 1);
        var single = Write(ReportBuilder.Build(Settings, [Nodes[0]], recorder.Snapshot(), recorder.AcceptedMessages, recorder.StartedAtUtc, null, null));

        Assert.All(["127.0.0.1:5541", "127.0.0.1:5542", "127.0.0.1:5543"], node => Assert.Contains(node, several, StringComparison.Ordinal));
        Assert.Contains("per node", several, StringComparison.Ordinal);
        Assert.DoesNotContain("per node", single, StringComparison.Ordinal);
    }

    /// <summary>
    /// Node 0: three acceptances (10, 20, 30 ms; one a repeat) by 2 s. Node 1: one acceptance (100 ms) at 4 s, two
    /// refusals, one message that never got an answer, and one 429 retried. Node 2: nothing.
    /// </summary>
    private static RunRecorder Recorded()
    {
        var recorder = new RunRecorder(targets: 3);
        recorder.Sent(0, 3);
        Accept(recorder, 0, latencyMs: 10, atSecond: 1);
        Accept(recorder, 0, latencyMs: 20, atSecond: 1.5, alreadySubmitted: true);
        Accept(recorder, 0, latencyMs: 30, atSecond: 2);

        recorder.Sent(1, 4);
        recorder.Request(1);
        recorder.Throttled(1, new SubmissionOutcome.Throttled(429, "ALS160", TimeSpan.FromSeconds(1)));
        Accept(recorder, 1, latencyMs: 100, atSecond: 4);
        for (var i = 0; i < 2; i++)
        {
            recorder.Request(1);
            recorder.Record(Message(), 1, new SubmissionOutcome.Refused(422, "ALS110", "unknown berichtsoort"), At(recorder, 3), At(recorder, 3));
        }
        recorder.Request(1);
        recorder.Record(Message(), 1, new SubmissionOutcome.Failed("timeout", "no answer in 30 s"), At(recorder, 3), At(recorder, 3.5));
        return recorder;
    }

    private static void Accept(RunRecorder recorder, int target, double latencyMs, double atSecond, bool alreadySubmitted = false)
    {
        recorder.Request(target);
        var answeredAt = At(recorder, atSecond);
        recorder.Record(Message(), target, new SubmissionOutcome.Accepted(Guid.NewGuid().ToString(), alreadySubmitted),
            answeredAt - (long)(latencyMs / 1000 * Stopwatch.Frequency), answeredAt);
    }

    private static long At(RunRecorder recorder, double second) => recorder.StartedAt + (long)(second * Stopwatch.Frequency);

    private static OutgoingMessage Message() =>
        new(0, Guid.NewGuid().ToString("N"), new DocumentVariant("Omzetbelasting", "omzetbelasting-valid.xml", expectValid: true, []));

    private static readonly RunSettings Settings = new("rest", 1, "closed loop", null, 4, 5, null, 0, [0], ["Omzetbelasting"], 1);

    private static LoadReport Build(RunRecorder recorder) =>
        ReportBuilder.Build(Settings, Nodes, recorder.Snapshot(), recorder.AcceptedMessages, recorder.StartedAtUtc, verified: null, node: null);

    private static string Write(LoadReport report)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        console.Profile.Width = 80;
        ConsoleReport.Write(console, report);
        return output.ToString();
    }
}
