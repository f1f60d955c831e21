using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Digipoort.LoadTest.Catalogue;
using Digipoort.LoadTest.Cli;
using Digipoort.LoadTest.Drivers;
using Digipoort.LoadTest.Generation;
using Digipoort.LoadTest.Transport;

namespace Digipoort.Bench.Takeover;

/// <summary>
/// Measures a takeover from the sender's side. Probes (each a new submission, so each lands on a shard of its
/// own kenmerk, anywhere in the cluster) go out on a fixed schedule, round-robin to the given nodes, and are
/// never retried: each records whether it was accepted and how fast. At <c>--kill-after</c> the probe runs the
/// kill command (e.g. <c>scripts/cluster.sh kill 2</c>) and keeps probing; <see cref="TakeoverAnalysis"/> then
/// reads off how long after the kill submissions were all accepted again. The targets must be nodes that
/// stay up: a probe sent to the killed node would measure the dead address, not the takeover.
/// </summary>
internal static class TakeoverProbe
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> RunAsync(TakeoverProbeOptions options, CancellationToken cancellationToken)
    {
        var catalogue = SampleCatalogue.Discover(options.Catalogue, [options.Berichtsoort]);
        var generator = new MessageGenerator(catalogue, [options.Size], invalidShare: 0, seed: 1, "p" + Guid.NewGuid().ToString("N")[..7]);
        using var targets = Targets.Create(options.Targets, new LoadTestOptions { RequestTimeout = options.RequestTimeout }, pki: null,
            connections: 256);
        var driver = new RestSingleDriver(SubmissionEnvelope.Demo, multipart: false);
        var records = new ConcurrentBag<ProbeRecord>();
        var startedAt = Stopwatch.GetTimestamp();
        double Now() => Stopwatch.GetElapsedTime(startedAt).TotalSeconds;

        var kill = KillAsync(options, Now, cancellationToken);
        var probes = new List<Task>();
        for (long i = 0; ; i++)
        {
            var due = TimeSpan.FromSeconds(i / options.Rate);
            if (due >= options.Duration) break;
            var wait = due - Stopwatch.GetElapsedTime(startedAt);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
            probes.Add(ProbeAsync(driver, targets.All[(int)(i % targets.All.Count)], generator.Create(i), Now, records, cancellationToken));
        }
        var endAt = Now();
        await Task.WhenAll(probes);
        var (killAt, killLag, exitCode) = await kill;

        var figures = TakeoverAnalysis.Analyse([.. records], killAt, killLag, endAt, options.Slow.TotalMilliseconds);
        Console.WriteLine(
            $"kill at {killAt:0.0} s ({killLag:0.00} s after the command started, exit {exitCode}); all accepted again after " +
            $"{Seconds(figures.AcceptedAgainSeconds)}, and within {options.Slow.TotalSeconds:0.#} s after {Seconds(figures.FastAgainSeconds)}; " +
            $"timeline {figures.Timeline}");
        if (options.JsonPath is { } path)
        {
            var report = new TakeoverProbeReport(DateTimeOffset.UtcNow.AddSeconds(-Now()), [.. options.Targets.Select(t => t.ToString())],
                options.KillCommand, options.Rate, options.Duration.TotalSeconds, options.Berichtsoort, options.Size, exitCode, figures,
                [.. records.OrderBy(r => r.SentSeconds)]);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Json), cancellationToken);
        }
        return exitCode == 0 ? 0 : 1;
    }

    private static string Seconds(double? value) => value is { } v ? $"{v:0.0} s" : "(not within the probing)";

    private static async Task ProbeAsync(ISubmissionDriver driver, NodeTarget target, OutgoingMessage message, Func<double> now,
        ConcurrentBag<ProbeRecord> records, CancellationToken cancellationToken)
    {
        var sentAt = now();
        var outcomes = await driver.SubmitAsync(target, [message], cancellationToken);
        var outcome = outcomes[0] switch
        {
            SubmissionOutcome.Accepted => ProbeRecord.Accepted,
            SubmissionOutcome.Throttled t => $"{t.HttpStatus} {t.FaultCode}",
            SubmissionOutcome.Refused r => $"refused {r.HttpStatus} {r.FaultCode}",
            SubmissionOutcome.Failed f => $"no answer: {f.Kind}",
            _ => "unknown",
        };
        records.Add(new ProbeRecord(sentAt, target.Index, outcome, (now() - sentAt) * 1000));
    }

    /// <returns>
    /// The kill instant: when the process named by <c>--watch-pid-file</c> was first seen dead, or else when the command started
    /// (a script takes a while to find and signal its process: on a busy machine seconds); and how long after the command's start
    /// that was.
    /// </returns>
    private static async Task<(double At, double Lag, int ExitCode)> KillAsync(TakeoverProbeOptions options, Func<double> now,
        CancellationToken cancellationToken)
    {
        var wait = options.KillAfter - TimeSpan.FromSeconds(now());
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
        var pid = options.WatchPidFile is { } file ? int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var died = pid is { } p ? DeathAsync(p, now, watching.Token) : Task.FromResult<double?>(null);
        var started = now();
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", options.KillCommand]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("bash did not start.");
        await process.WaitForExitAsync(cancellationToken);
        // The command has returned: the process is dead by now or the command failed; a last look, then stop watching.
        watching.CancelAfter(TimeSpan.FromSeconds(1));
        var at = await died ?? started;
        return (at, at - started, process.ExitCode);
    }

    /// <summary>Polls /proc every few milliseconds for the process to be gone or a zombie (state Z/X: killed, not yet reaped).</summary>
    private static async Task<double?> DeathAsync(int pid, Func<double> now, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (IsDead(pid)) return now();
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return IsDead(pid) ? now() : null;
    }

    private static bool IsDead(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..] is ['Z' or 'X', ..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}

/// <summary>What <c>takeover-probe --json</c> writes: the settings, the figures and every probe.</summary>
internal sealed record TakeoverProbeReport(
    DateTimeOffset StartedAt, IReadOnlyList<string> Targets, string KillCommand, double Rate, double DurationSeconds, string Berichtsoort,
    int SizeBytes, int KillExitCode, TakeoverFigures Figures, IReadOnlyList<ProbeRecord> Probes);
