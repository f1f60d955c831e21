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
        var finals = verified?.Follow.Finals.Values.ToList() ?? [];
        var items = verified?.Follow.Items;
        var completion = verified is null ? null : Completion([.. finals.Where(f => items?.ContainsKey(f.Kenmerk) != true)], startedAtUtc);
        var itemCompletion = items is not { Count: > 0 } ? null : Completion([.. finals.Where(f => items.ContainsKey(f.Kenmerk))], startedAtUtc);
        var all = run.All;
        var report = new LoadReport(
            "Digipoort.LoadTest", startedAtUtc, settings, targets,
            Totals(all),
            new Throughput(all.AcceptedPerSecond,
                completion?.Window > 0 ? verification!.Final / completion.Window : null, all.LastAcceptedAfter.TotalSeconds, completion?.Window,
                itemCompletion?.Window > 0 ? verification!.Batches!.ItemsFinal / itemCompletion.Window : null, itemCompletion?.Window),
            Latency(all),
            run.Refusals, run.Errors, run.Throttles, run.Samples,
            new Timeline(Series(run.AcceptedPerSecond), completion?.PerSecond ?? []),
            verification, node, ExitCode: 0, PerTarget(targets, run));
        return report with { ExitCode = ExitCode(report) };
    }

    /// <summary>Each node's share of the run, in the order of <paramref name="targets"/> (a node sent nothing shows zeros).</summary>
    public static IReadOnlyList<TargetFigures> PerTarget(IReadOnlyList<string> targets, RunSnapshot run) =>
        [.. targets.Select((target, index) => Figures(target, run.PerTarget[index]))];

    private static TargetFigures Figures(string target, TallySnapshot t) =>
        new(target, Totals(t), t.AcceptedPerSecond, t.LastAcceptedAfter.TotalSeconds, Latency(t));

    private static Totals Totals(TallySnapshot t) => new(t.Sent, t.Requests, t.Accepted, t.AlreadySubmitted, t.Refused, t.Failed, t.Throttled);

    private static LatencyMs Latency(TallySnapshot t) =>
        new(t.Latency.TotalCount, t.LatencyMs(50), t.LatencyMs(90), t.LatencyMs(99), t.LatencyMs(99.9), t.MaxLatencyMs, t.MeanLatencyMs);

    public static int ExitCode(LoadReport report) =>
        report.Verification is { Lost: > 0 } ? ExitLost
        : report.Verification is { Duplicated: > 0 } or { WrongFinal: > 0 } ? ExitDuplicatedOrWrong
        : report.Totals.Accepted == 0 ? ExitNothingAccepted
        : ExitClean;

    private static VerificationReport Verification(IReadOnlyList<AcceptedMessage> accepted, Verified verified)
    {
        var follow = verified.Follow;
        var byKenmerk = accepted.DistinctBy(m => m.Kenmerk).ToDictionary(m => m.Kenmerk, StringComparer.Ordinal);
        // An item should end as its batch's sample says: the items of a *-valid.xml batch are valid invoices.
        var expectations = byKenmerk.ToDictionary(e => e.Key, e => (e.Value.ExpectValid, What: $"{e.Value.Berichtsoort} {e.Value.Sample}"),
            StringComparer.Ordinal);
        foreach (var (kenmerk, item) in follow.Items)
        {
            if (byKenmerk.TryGetValue(item.Batch, out var batch))
                expectations[kenmerk] = (batch.ExpectValid, $"item {item.Volgnummer} of {batch.Berichtsoort} {batch.Sample} {item.Batch}");
        }
        var wrong = follow.Finals.Values
            .Where(f => expectations.ContainsKey(f.Kenmerk))
            .Select(f => (f.Kenmerk, Reason: FinalOutcome.Wrong(expectations[f.Kenmerk].ExpectValid, f)))
            .Where(w => w.Reason is not null)
            .Select(w => $"{w.Kenmerk} ({expectations[w.Kenmerk].What}): {w.Reason}")
            .Order(StringComparer.Ordinal).ToList();
        var outcomes = Outcomes(follow.Finals.Values.Where(f => !follow.Items.ContainsKey(f.Kenmerk)));

        var counts = verified.Recipient;
        var duplicated = counts?.ByIdempotencyKey.Where(k => k.Value > 1).Select(k => $"{k.Key} × {k.Value}").Order(StringComparer.Ordinal).ToList() ?? [];
        var unacknowledged = counts?.RecipientsByKenmerk.Keys.Count(k => !byKenmerk.ContainsKey(k) && !follow.Items.ContainsKey(k)
            && verified.WarmupKenmerken?.Contains(k) != true) ?? 0;
        var notSeen = counts is null ? 0
            : follow.Finals.Values.Sum(f => f.DeliveredTo.Count(r => !(counts.RecipientsByKenmerk.GetValueOrDefault(f.Kenmerk)?.Contains(r) ?? false)));
        var lost = follow.Lost.OrderBy(l => follow.Items.ContainsKey(l.Key)).ThenBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => follow.Items.TryGetValue(l.Key, out var item) ? $"{l.Key} (item {item.Volgnummer} of {item.Batch}): {l.Value}" : $"{l.Key}: {l.Value}");

        return new VerificationReport(counts is not null, verified.Timeout.TotalSeconds, byKenmerk.Count,
            follow.Finals.Keys.Count(byKenmerk.ContainsKey), follow.Lost.Count, [.. lost.Take(SampleSize)],
            duplicated.Count, [.. duplicated.Take(SampleSize)], wrong.Count, [.. wrong.Take(SampleSize)], outcomes,
            unacknowledged, notSeen, counts?.Deliveries ?? 0, counts?.LaterAttempts ?? 0, Batches(follow), follow.FirstRound);
    }

    /// <summary>The batches among the followed messages and how their items ended; null when the run had none.</summary>
    private static BatchVerification? Batches(FollowResult follow)
    {
        if (follow.Items.Count == 0) return null;
        var itemFinals = follow.Finals.Values.Where(f => follow.Items.ContainsKey(f.Kenmerk)).ToList();
        return new BatchVerification(follow.Items.Values.Select(i => i.Batch).Distinct(StringComparer.Ordinal).Count(), follow.Items.Count,
            itemFinals.Count, follow.Lost.Keys.Count(follow.Items.ContainsKey), Outcomes(itemFinals));
    }

    private static Dictionary<string, int> Outcomes(IEnumerable<FinalState> finals) =>
        finals.GroupBy(FinalOutcome.Classify).ToDictionary(g => g.Key.ToString(), g => g.Count(), StringComparer.Ordinal);

    private static CompletionFigures? Completion(IReadOnlyList<FinalState> finals, DateTimeOffset startedAtUtc)
    {
        var seconds = finals.Where(f => f.FinalAt is not null).Select(f => (f.FinalAt!.Value - startedAtUtc).TotalSeconds).ToList();
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
