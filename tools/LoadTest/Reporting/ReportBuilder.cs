using Digipoort.LoadTest.Load;
using Digipoort.LoadTest.Verification;

namespace Digipoort.LoadTest.Reporting;

/// <summary>Pure assembly of the report from what was measured; also decides the exit code.</summary>
public static class ReportBuilder
{
    public const int ExitClean = 0;
    public const int ExitLost = 3;
    public const int ExitDuplicatedOrWrong = 4;
    public const int ExitNothingAccepted = 5;

    private const int SampleSize = 10;

    public static LoadReport Build(RunSettings settings, IReadOnlyList<string> targets, RunSnapshot run, IReadOnlyList<AcceptedMessage> accepted,
        DateTimeOffset startedAtUtc, Verified? verified, NodeReport? node)
    {
        var verification = verified is null ? null : Verification(accepted, verified);
        var completion = verified is null ? null : Completion(verified.Follow, startedAtUtc);
        var acceptWindow = run.LastAcceptedAfter.TotalSeconds;
        var report = new LoadReport(
            "Digipoort.LoadTest", startedAtUtc, settings, targets,
            new Totals(run.Sent, run.Requests, run.Accepted, run.AlreadySubmitted, run.Refused, run.Failed, run.Throttled),
            new Throughput(acceptWindow > 0 ? run.Accepted / acceptWindow : 0,
                completion?.Window > 0 ? verification!.Final / completion.Window : null, acceptWindow, completion?.Window),
            new LatencyMs(run.Latency.TotalCount, run.LatencyMs(50), run.LatencyMs(90), run.LatencyMs(99), run.LatencyMs(99.9), run.MaxLatencyMs,
                run.Latency.TotalCount == 0 ? double.NaN : HdrHistogram.HistogramExtensions.GetMean(run.Latency) / 1000.0),
            run.Refusals, run.Errors, run.Throttles, run.Samples,
            new Timeline(Series(run.AcceptedPerSecond), completion?.PerSecond ?? []),
            verification, node, ExitCode: 0);
        return report with { ExitCode = ExitCode(report) };
    }

    public static int ExitCode(LoadReport report) =>
        report.Verification is { Lost: > 0 } ? ExitLost
        : report.Verification is { Duplicated: > 0 } or { WrongFinal: > 0 } ? ExitDuplicatedOrWrong
        : report.Totals.Accepted == 0 ? ExitNothingAccepted
        : ExitClean;

    private static VerificationReport Verification(IReadOnlyList<AcceptedMessage> accepted, Verified verified)
    {
        var follow = verified.Follow;
        var byKenmerk = accepted.DistinctBy(m => m.Kenmerk).ToDictionary(m => m.Kenmerk, StringComparer.Ordinal);
        var wrong = follow.Finals.Values
            .Select(f => (f.Kenmerk, Reason: FinalOutcome.Wrong(byKenmerk[f.Kenmerk].ExpectValid, f)))
            .Where(w => w.Reason is not null)
            .Select(w => $"{w.Kenmerk} ({byKenmerk[w.Kenmerk].Berichtsoort} {byKenmerk[w.Kenmerk].Sample}): {w.Reason}")
            .Order(StringComparer.Ordinal).ToList();
        var outcomes = follow.Finals.Values.GroupBy(FinalOutcome.Classify)
            .ToDictionary(g => g.Key.ToString(), g => g.Count(), StringComparer.Ordinal);

        var counts = verified.Recipient;
        var duplicated = counts?.ByIdempotencyKey.Where(k => k.Value > 1).Select(k => $"{k.Key} × {k.Value}").Order(StringComparer.Ordinal).ToList() ?? [];
        var unacknowledged = counts?.RecipientsByKenmerk.Keys.Count(k => !byKenmerk.ContainsKey(k) && verified.WarmupKenmerken?.Contains(k) != true) ?? 0;
        var notSeen = counts is null ? 0
            : follow.Finals.Values.Sum(f => f.DeliveredTo.Count(r => !(counts.RecipientsByKenmerk.GetValueOrDefault(f.Kenmerk)?.Contains(r) ?? false)));

        return new VerificationReport(counts is not null, verified.Timeout.TotalSeconds, byKenmerk.Count, follow.Finals.Count, follow.Lost.Count,
            [.. follow.Lost.OrderBy(l => l.Key, StringComparer.Ordinal).Take(SampleSize).Select(l => $"{l.Key}: {l.Value}")],
            duplicated.Count, [.. duplicated.Take(SampleSize)], wrong.Count, [.. wrong.Take(SampleSize)], outcomes,
            unacknowledged, notSeen, counts?.Deliveries ?? 0, counts?.LaterAttempts ?? 0);
    }

    private static CompletionFigures? Completion(FollowResult follow, DateTimeOffset startedAtUtc)
    {
        var seconds = follow.Finals.Values.Where(f => f.FinalAt is not null).Select(f => (f.FinalAt!.Value - startedAtUtc).TotalSeconds).ToList();
        if (seconds.Count == 0) return null;
        var perSecond = seconds.GroupBy(s => (int)Math.Max(0, s)).ToDictionary(g => g.Key, g => (long)g.Count());
        return new CompletionFigures(seconds.Max(), Series(perSecond));
    }

    /// <summary>A per-second series from 0 to the last second with a value, gaps filled with zero.</summary>
    private static long[] Series(IReadOnlyDictionary<int, long> perSecond) =>
        perSecond.Count == 0 ? [] : [.. Enumerable.Range(0, perSecond.Keys.Max() + 1).Select(s => perSecond.GetValueOrDefault(s))];

    private sealed record CompletionFigures(double Window, long[] PerSecond);
}

/// <summary>What verification found: the final states and, when the tool counted deliveries, the recipient's counts.</summary>
/// <param name="WarmupKenmerken">Accepted during the unmeasured warm-up: their deliveries are expected, not unacknowledged.</param>
public sealed record Verified(FollowResult Follow, RecipientCounts? Recipient, TimeSpan Timeout, IReadOnlySet<string>? WarmupKenmerken = null);
