using System.Diagnostics;
using HdrHistogram;

namespace Digipoort.LoadTest.Load;

/// <summary>
/// The counts and acceptance latency of one share of a run — all of it, or what went to one node — written
/// concurrently by the requests. Latency goes into an HdrHistogram in microseconds (1 µs to 1 h, 3 significant digits).
/// </summary>
internal sealed class Tally(long startedAt)
{
    public const long HighestMicroseconds = 3_600_000_000;

    private readonly LongConcurrentHistogram _latency = new(1, HighestMicroseconds, 3);
    private long _sent, _requests, _accepted, _alreadySubmitted, _refused, _failed, _throttled, _lastAcceptedAt;

    public void Sent(int messages) => Interlocked.Add(ref _sent, messages);

    public void Request() => Interlocked.Increment(ref _requests);

    public void Throttled() => Interlocked.Increment(ref _throttled);

    public void Accepted(bool alreadySubmitted, long latencyMicroseconds, long answeredAt)
    {
        _latency.RecordValue(latencyMicroseconds);
        Interlocked.Increment(ref _accepted);
        if (alreadySubmitted) Interlocked.Increment(ref _alreadySubmitted);
        InterlockedMax(ref _lastAcceptedAt, answeredAt);
    }

    public void Refused() => Interlocked.Increment(ref _refused);

    public void Failed() => Interlocked.Increment(ref _failed);

    public TallySnapshot Snapshot() => new(
        Interlocked.Read(ref _sent), Interlocked.Read(ref _requests), Interlocked.Read(ref _accepted), Interlocked.Read(ref _alreadySubmitted),
        Interlocked.Read(ref _refused), Interlocked.Read(ref _failed), Interlocked.Read(ref _throttled),
        Interlocked.Read(ref _lastAcceptedAt) is var last and > 0 ? Stopwatch.GetElapsedTime(startedAt, last) : TimeSpan.Zero,
        _latency.Copy());

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <summary>A tally's figures at one moment.</summary>
/// <param name="Sent">Messages handed to a driver at least once.</param>
/// <param name="Requests">Requests sent, retries after 429/503 included.</param>
/// <param name="Throttled">429/503 answers (each retried).</param>
/// <param name="LastAcceptedAfter">When the last acceptance arrived, counted from the start of the run.</param>
/// <param name="Latency">Acceptance latency in microseconds (a copy).</param>
public sealed record TallySnapshot(long Sent, long Requests, long Accepted, long AlreadySubmitted, long Refused, long Failed, long Throttled,
    TimeSpan LastAcceptedAfter, HistogramBase Latency)
{
    /// <summary>Sent but without a final outcome yet.</summary>
    public long InFlight => Sent - Accepted - Refused - Failed;

    /// <summary>Acceptances ÷ time from the start of the run to the last of them; 0 before any.</summary>
    public double AcceptedPerSecond => LastAcceptedAfter > TimeSpan.Zero ? Accepted / LastAcceptedAfter.TotalSeconds : 0;

    /// <summary>Acceptance latency at a percentile, in milliseconds; NaN before any acceptance.</summary>
    public double LatencyMs(double percentile) => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxLatencyMs => Latency.TotalCount == 0 ? double.NaN : Latency.GetMaxValue() / 1000.0;

    public double MeanLatencyMs => Latency.TotalCount == 0 ? double.NaN : Latency.GetMean() / 1000.0;
}
