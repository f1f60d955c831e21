using System.Text;

namespace Digipoort.Bench.Takeover;

/// <summary>One probe submission: when it was sent (seconds since the probe started), to which node, and how it ended.</summary>
/// <param name="Outcome"><see cref="Accepted"/>, or what came instead: "503 ALS150", "refused ALS…", "no answer: Timeout", ….</param>
/// <param name="LatencyMs">Send to answer (or to the failure).</param>
internal sealed record ProbeRecord(double SentSeconds, int Target, string Outcome, double LatencyMs)
{
    public const string Accepted = "accepted";
}

/// <summary>What the probes show about a takeover; every time is in seconds from the kill.</summary>
/// <param name="KillAtSeconds">The kill, in seconds since probing began.</param>
/// <param name="KillLagSeconds">From the start of the kill command to the kill (the process seen dead).</param>
/// <param name="AcceptedAgainSeconds">
/// The takeover: from the kill to the send of the first probe from which on every probe was accepted (202, however slowly)
/// until the end; 0 when none sent after the kill was refused or unanswered; null when that did not hold for
/// <see cref="TakeoverAnalysis.SteadyAtEnd"/> before the probing ended.
/// </param>
/// <param name="FastAgainSeconds">The same, but every probe also answered within the slow bound.</param>
/// <param name="FirstNotAcceptedSeconds">The send of the first probe after the kill that was not accepted (null: none).</param>
/// <param name="LastNotAcceptedAnsweredSeconds">The answer (or failure) of the last such probe.</param>
/// <param name="Timeline">
/// One character per second of probing, its worst probe: '.' accepted within the slow bound, 's' accepted slower, 'x' not
/// accepted; '!' marks the kill (not '|', which a markdown table would split on).
/// </param>
internal sealed record TakeoverFigures(
    double KillAtSeconds, double KillLagSeconds, double SlowMs, ProbeWindow BeforeKill, ProbeWindow AfterKill,
    double? AcceptedAgainSeconds, double? FastAgainSeconds, double? FirstNotAcceptedSeconds, double? LastNotAcceptedAnsweredSeconds,
    string Timeline);

/// <param name="NotOk">Probes not accepted, or accepted slower than the bound, by outcome ("slow" for the latter).</param>
internal sealed record ProbeWindow(int Probes, int AcceptedInTime, IReadOnlyDictionary<string, int> NotOk, double P50Ms, double P99Ms, double MaxMs);

/// <summary>Reads a takeover from the probes' outcomes: a pure function, so the definition is pinned in one place.</summary>
internal static class TakeoverAnalysis
{
    /// <summary>How long every probe must have been fine before the end for the takeover to count as finished.</summary>
    public static readonly TimeSpan SteadyAtEnd = TimeSpan.FromSeconds(3);

    public const string Slow = "slow";

    public static TakeoverFigures Analyse(IReadOnlyList<ProbeRecord> probes, double killAt, double killLag, double endAt, double slowMs)
    {
        var ordered = probes.OrderBy(p => p.SentSeconds).ToList();
        var before = ordered.Where(p => p.SentSeconds < killAt).ToList();
        var after = ordered.Where(p => p.SentSeconds >= killAt).ToList();
        static bool Accepted(ProbeRecord p) => p.Outcome == ProbeRecord.Accepted;
        bool Fast(ProbeRecord p) => Accepted(p) && p.LatencyMs <= slowMs;

        var notAccepted = after.Where(p => !Accepted(p)).ToList();
        return new TakeoverFigures(
            killAt, killLag, slowMs, Window(before, slowMs), Window(after, slowMs),
            Again(after, Accepted, killAt, endAt), Again(after, Fast, killAt, endAt),
            notAccepted.Count > 0 ? notAccepted[0].SentSeconds - killAt : null,
            notAccepted.Count > 0 ? notAccepted.Max(p => p.SentSeconds + (p.LatencyMs / 1000)) - killAt : null,
            Timeline(ordered, killAt, endAt, Accepted, Fast));
    }

    /// <summary>From the kill to the first probe after the last one that was not <paramref name="fine"/>, if the fine run lasted.</summary>
    private static double? Again(List<ProbeRecord> after, Func<ProbeRecord, bool> fine, double killAt, double endAt)
    {
        var lastBad = after.LastOrDefault(p => !fine(p));
        if (lastBad is null) return 0;
        var recoveredBy = after.FirstOrDefault(p => p.SentSeconds > lastBad.SentSeconds);
        return recoveredBy is not null && endAt - recoveredBy.SentSeconds >= SteadyAtEnd.TotalSeconds ? recoveredBy.SentSeconds - killAt : null;
    }

    private static ProbeWindow Window(List<ProbeRecord> probes, double slowMs)
    {
        var notOk = probes
            .Where(p => p.Outcome != ProbeRecord.Accepted || p.LatencyMs > slowMs)
            .GroupBy(p => p.Outcome == ProbeRecord.Accepted ? Slow : p.Outcome)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var latencies = probes.Where(p => p.Outcome == ProbeRecord.Accepted).Select(p => p.LatencyMs).Order().ToArray();
        return new ProbeWindow(probes.Count, probes.Count - notOk.Values.Sum(), notOk,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length > 0 ? latencies[^1] : double.NaN);
    }

    /// <summary>Nearest rank.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Timeline(List<ProbeRecord> probes, double killAt, double endAt, Func<ProbeRecord, bool> accepted,
        Func<ProbeRecord, bool> fast)
    {
        var line = new StringBuilder();
        var killSecond = (int)Math.Floor(killAt);
        for (var second = 0; second < (int)Math.Ceiling(endAt); second++)
        {
            if (second == killSecond) line.Append('!');
            var these = probes.Where(p => (int)Math.Floor(p.SentSeconds) == second).ToList();
            line.Append(these.Count == 0 ? ' ' : !these.All(accepted) ? 'x' : !these.All(fast) ? 's' : '.');
        }
        return line.ToString();
    }
}
