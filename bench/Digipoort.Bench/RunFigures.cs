using System.Diagnostics;

namespace Digipoort.Bench;

/// <summary>Everything measured in one run (one fresh node and data folder).</summary>
/// <param name="Baseline">POST /demo/recipient/baseline with the submission body: the node's bare HTTP ceiling.</param>
/// <param name="BaselineNodeCores">The node's CPU time during the baseline ÷ its wall time.</param>
/// <param name="Accept">The measured submissions (POST /api/v1/messages).</param>
/// <param name="Delivery">How many of the accepted kenmerken reached the counting recipient, and when.</param>
/// <param name="NodeCores">The node's CPU time from the first measured send until all were delivered (or the deadline) ÷ that wall time.</param>
/// <param name="BenchCores">The same for this process: load generator and counting recipient together.</param>
/// <param name="PeakRssBytes">The node's largest VmRSS over its whole life (baseline and warm-up included).</param>
/// <param name="LaterAttempts">Deliveries the recipient saw with Digipoort-Poging above 1 (the node retried).</param>
internal sealed record RunFigures(
    int Run,
    TimeSpan ReadyAfter,
    LoadResult Baseline,
    double? BaselineNodeCores,
    WarmupFigures? Warmup,
    LoadResult Accept,
    CohortResult Delivery,
    double? NodeCores,
    double BenchCores,
    long? PeakRssBytes,
    long LaterAttempts,
    long DeliveriesWithoutKenmerk,
    NodeLogSummary NodeLog,
    IReadOnlyList<string> UndeliveredDiagnostics,
    IReadOnlyList<string> Notes)
{
    public double AcceptedPerSecond => Accept.PerSecond;

    /// <summary>From the first measured send until the last measured kenmerk was first delivered.</summary>
    public TimeSpan DeliveryWall => Delivery.Delivered > 0 ? Stopwatch.GetElapsedTime(Accept.FirstSendAt, Delivery.LastDeliveredAt) : TimeSpan.Zero;

    public double DeliveredPerSecond => DeliveryWall > TimeSpan.Zero ? Delivery.Delivered / DeliveryWall.TotalSeconds : 0;

    public double AcceptedToBaseline => Baseline.PerSecond > 0 ? AcceptedPerSecond / Baseline.PerSecond : double.NaN;

    public double DeliveredToBaseline => Baseline.PerSecond > 0 ? DeliveredPerSecond / Baseline.PerSecond : double.NaN;

    /// <summary>Every accepted message delivered exactly once, and no request failed.</summary>
    public bool Clean =>
        Accept.Succeeded == Accept.Requested && Delivery.Delivered == Delivery.Tracked && Delivery.DuplicatedKenmerken == 0
        && Delivery.ReusedKenmerken == 0 && Baseline.ErrorCount == 0 && Accept.ErrorCount == 0;
}

/// <summary>The unmeasured warm-up submissions: only whether they went through.</summary>
internal sealed record WarmupFigures(int Requested, int Accepted, int Delivered, int Overloaded, int Errors, TimeSpan Took);
