using Digipoort.LoadTest.Nodes;
using Digipoort.LoadTest.Verification;

namespace Digipoort.LoadTest.Reporting;

// The machine-readable result of one run (--json). Field names are part of the tool's contract: the
// bench suite reads them to write bench/results.md. PerTarget is null in reports written before it existed.

public sealed record LoadReport(
    string Tool,
    DateTimeOffset StartedAt,
    RunSettings Settings,
    IReadOnlyList<string> Targets,
    Totals Totals,
    Throughput Throughput,
    LatencyMs LatencyMs,
    IReadOnlyDictionary<string, long> RefusedByFaultCode,
    IReadOnlyDictionary<string, long> ErrorsByKind,
    IReadOnlyDictionary<string, long> ThrottledByAnswer,
    IReadOnlyDictionary<string, string> Samples,
    Timeline Timeline,
    VerificationReport? Verification,
    NodeReport? Node,
    int ExitCode,
    IReadOnlyList<TargetFigures>? PerTarget = null);

public sealed record RunSettings(string Driver, int BatchSize, string Profile, double? Rate, int Concurrency, double? DurationSeconds, long? Count,
    double InvalidShare, IReadOnlyList<int> SizesBytes, IReadOnlyList<string> Berichtsoorten, int Seed);

/// <summary>One node's share of the run: what was sent to it and how it answered.</summary>
/// <param name="Target">The node's address, as in <see cref="LoadReport.Targets"/>.</param>
/// <param name="AcceptedPerSecond">Its acceptances ÷ time from the start to its last acceptance.</param>
/// <param name="AcceptWindowSeconds">Time from the start to its last acceptance.</param>
public sealed record TargetFigures(string Target, Totals Totals, double AcceptedPerSecond, double AcceptWindowSeconds, LatencyMs LatencyMs);

/// <param name="Messages">Messages sent at least once.</param>
/// <param name="Requests">Requests sent, retries after 429/503 included.</param>
/// <param name="Throttled">429/503 answers (each retried after its Retry-After).</param>
public sealed record Totals(long Messages, long Requests, long Accepted, long AlreadySubmitted, long Refused, long Failed, long Throttled);

/// <param name="AcceptedPerSecond">Acceptances ÷ time from the start to the last acceptance.</param>
/// <param name="CompletedPerSecond">Accepted messages seen final ÷ time from the start to the last final status (node clock); null without verification.</param>
/// <param name="ItemsCompletedPerSecond">Batch items seen final ÷ time from the start to the last item's final status (node clock); null without batches.</param>
public sealed record Throughput(double AcceptedPerSecond, double? CompletedPerSecond, double AcceptWindowSeconds, double? CompletionWindowSeconds,
    double? ItemsCompletedPerSecond = null, double? ItemsCompletionWindowSeconds = null);

/// <summary>Acceptance latency in milliseconds, from the intended send time (open loop) or the send (closed loop) to the answer.</summary>
public sealed record LatencyMs(long Count, double P50, double P90, double P99, double P999, double Max, double Mean);

/// <param name="AcceptedPerSecond">Acceptances per whole second since the start.</param>
/// <param name="CompletedPerSecond">Final statuses per whole second since the start (node clock); empty without verification.</param>
public sealed record Timeline(IReadOnlyList<long> AcceptedPerSecond, IReadOnlyList<long> CompletedPerSecond);

/// <param name="RecipientCounted">Whether a counting recipient took the deliveries (duplicates are only known then).</param>
/// <param name="Followed">Distinct accepted kenmerken followed.</param>
/// <param name="Final">Of those, how many reached a final status.</param>
/// <param name="Lost">Accepted messages and batch items not final within the timeout.</param>
/// <param name="Duplicated">kenmerk:recipient pairs delivered more than once.</param>
/// <param name="WrongFinal">Final, but not as the sample should end (a valid one not delivered, an invalid one delivered); batch items included.</param>
/// <param name="Outcomes">Final accepted messages by how they ended (Delivered, NotDelivered, PartlyDelivered, Other); a batch by its items.</param>
/// <param name="DeliveredUnacknowledged">Kenmerken the recipient received that the tool never got an acceptance for (e.g. the answer timed out).</param>
/// <param name="NotSeenByRecipient">Deliveries the node reports done that the counting recipient never saw: a recipient not pointed at it.</param>
/// <param name="FirstRound">The first round of following: every kenmerk looked up once, and how fast.</param>
public sealed record VerificationReport(
    bool RecipientCounted, double TimeoutSeconds, int Followed, int Final, int Lost, IReadOnlyList<string> LostSample,
    int Duplicated, IReadOnlyList<string> DuplicatedSample, int WrongFinal, IReadOnlyList<string> WrongFinalSample,
    IReadOnlyDictionary<string, int> Outcomes, int DeliveredUnacknowledged, int NotSeenByRecipient, long RecipientDeliveries,
    long RecipientLaterAttempts, BatchVerification? Batches = null, LookupRate? FirstRound = null);

/// <summary>The batches among the accepted messages, followed into their items (each checked like a message).</summary>
/// <param name="Batches">Batches whose items were listed.</param>
/// <param name="Items">Their items, followed.</param>
/// <param name="ItemsFinal">Items that reached a final status.</param>
/// <param name="ItemsLost">Items not final within the timeout (also counted in <see cref="VerificationReport.Lost"/>).</param>
/// <param name="ItemOutcomes">Final items by how they ended.</param>
public sealed record BatchVerification(int Batches, int Items, int ItemsFinal, int ItemsLost, IReadOnlyDictionary<string, int> ItemOutcomes);

/// <summary>The node the tool started itself (--start-node): its resources over the run.</summary>
/// <param name="CpuCores">The node's CPU time ÷ wall time, from the first send until verification ended.</param>
public sealed record NodeReport(int Pid, IReadOnlyList<string> Arguments, long? PeakRssBytes, IReadOnlyList<RssSample> Rss, double? CpuCores,
    NodeLogSummary Log);
