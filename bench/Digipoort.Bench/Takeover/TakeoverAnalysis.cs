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
/// <param name="TakeoverSeconds">
/// From the kill to the send of the first probe from which on every probe was accepted at its first try within the
/// slow bound, until the end; 0 when no probe sent after the kill failed; null when that never held for
/// <see cref="TakeoverAnalysis.SteadyAtEnd"/> before the probing ended (not recovered).
/// </param>
/// <param name="FirstNotOkSeconds">The send of the first probe after the kill that was not accepted in time (null: none).</param>
/// <param name="LastNotOkAnsweredSeconds">The answer (or failure) of the last such probe.</param>
/// <param name="Timeline">One character per second of probing: '.' every probe accepted in time, 'x' not, '!' the kill (not '|', which a markdown table would split on).</param>
internal sealed record TakeoverFigures(
    double KillAtSeconds, double KillLagSeconds, double SlowMs, ProbeWindow BeforeKill, ProbeWindow AfterKill,
    double? TakeoverSeconds, double? FirstNotOkSeconds, double? LastNotOkAnsweredSeconds, string Timeline);

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
        bool Ok(ProbeRecord p) => p.Outcome == ProbeRecord.Accepted && p.LatencyMs <= slowMs;

        var notOk = after.Where(p => !Ok(p)).ToList();
        double? takeover;
        if (notOk.Count == 0) takeover = 0;
        else
        {
            var lastBad = notOk[^1];
            var recoveredBy = after.FirstOrDefault(p => p.SentSeconds > lastBad.SentSeconds);
            takeover = recoveredBy is not null && endAt - recoveredBy.SentSeconds >= SteadyAtEnd.TotalSeconds ? recoveredBy.SentSeconds - killAt : null;
        }
        return new TakeoverFigures(
            killAt, killLag, slowMs, Window(before, slowMs), Window(after, slowMs), takeover,
            notOk.Count > 0 ? notOk[0].SentSeconds - killAt : null,
            notOk.Count > 0 ? notOk.Max(p => p.SentSeconds + (p.LatencyMs / 1000)) - killAt : null,
            Timeline(ordered, killAt, endAt, Ok));
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

    private static string Timeline(List<ProbeRecord> probes, double killAt, double endAt, Func<ProbeRecord, bool> ok)
    {
        var line = new StringBuilder();
        var killSecond = (int)Math.Floor(killAt);
        for (var second = 0; second < (int)Math.Ceiling(endAt); second++)
        {
            if (second == killSecond) line.Append('!');
            var these = probes.Where(p => (int)Math.Floor(p.SentSeconds) == second).ToList();
            line.Append(these.Count == 0 ? ' ' : these.All(ok) ? '.' : 'x');
        }
        return line.ToString();
    }
}
