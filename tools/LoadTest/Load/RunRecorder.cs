using System.Collections.Concurrent;
using System.Diagnostics;
using Digipoort.LoadTest.Drivers;
using Digipoort.LoadTest.Generation;
using HdrHistogram;

namespace Digipoort.LoadTest.Load;

/// <summary>
/// Everything measured while the load runs, written concurrently by the requests. Latency goes into an
/// HdrHistogram in microseconds (1 µs to 1 h, 3 significant digits), measured from the moment a message
/// was meant to be sent: for an open-loop run that is its place in the schedule, so a stalled node shows
/// as the latency its senders would really see (no coordinated omission).
/// </summary>
public sealed class RunRecorder
{
    private const long HighestMicroseconds = 3_600_000_000;

    private readonly LongConcurrentHistogram _latency = new(1, HighestMicroseconds, 3);
    private readonly ConcurrentDictionary<string, long> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _throttles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _samples = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, long> _acceptedPerSecond = new();
    private readonly ConcurrentQueue<AcceptedMessage> _accepted = new();
    private long _sent, _requests, _acceptedCount, _alreadySubmitted, _refused, _failed, _throttled, _lastAcceptedAt;

    public RunRecorder()
    {
        StartedAt = Stopwatch.GetTimestamp();
        StartedAtUtc = DateTimeOffset.UtcNow;
    }

    /// <summary>Stopwatch timestamp of the start: the open-loop schedule counts from here.</summary>
    public long StartedAt { get; }

    public DateTimeOffset StartedAtUtc { get; }

    public void Sent(int messages) => Interlocked.Add(ref _sent, messages);

    public void Request() => Interlocked.Increment(ref _requests);

    public void Throttled(SubmissionOutcome.Throttled throttled)
    {
        Interlocked.Increment(ref _throttled);
        _throttles.AddOrUpdate($"{throttled.HttpStatus} {throttled.FaultCode}", 1, (_, n) => n + 1);
    }

    /// <summary>The final outcome of one message (a throttled one only once it gave up).</summary>
    public void Record(OutgoingMessage message, int targetIndex, SubmissionOutcome outcome, long intendedAt, long answeredAt)
    {
        switch (outcome)
        {
            case SubmissionOutcome.Accepted accepted:
                var microseconds = Math.Clamp((long)Stopwatch.GetElapsedTime(intendedAt, answeredAt).TotalMicroseconds, 1, HighestMicroseconds);
                _latency.RecordValue(microseconds);
                Interlocked.Increment(ref _acceptedCount);
                if (accepted.AlreadySubmitted) Interlocked.Increment(ref _alreadySubmitted);
                var second = SecondOf(answeredAt);
                _acceptedPerSecond.AddOrUpdate(second, 1, (_, n) => n + 1);
                InterlockedMax(ref _lastAcceptedAt, answeredAt);
                _accepted.Enqueue(new AcceptedMessage(accepted.Kenmerk, message.Aanleverkenmerk, targetIndex, message.Variant.Berichtsoort,
                    message.Variant.SampleName, message.Variant.ExpectValid, accepted.AlreadySubmitted, second));
                break;
            case SubmissionOutcome.Refused refused:
                Interlocked.Increment(ref _refused);
                _refusals.AddOrUpdate(refused.FaultCode, 1, (_, n) => n + 1);
                _samples.TryAdd(refused.FaultCode, refused.Detail);
                break;
            case SubmissionOutcome.Throttled throttled:
                // Still throttled when the request's patience ran out.
                Interlocked.Increment(ref _failed);
                var kind = $"still {throttled.HttpStatus} {throttled.FaultCode} after retrying";
                _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
                break;
            case SubmissionOutcome.Failed failed:
                Interlocked.Increment(ref _failed);
                _errors.AddOrUpdate(failed.Kind, 1, (_, n) => n + 1);
                _samples.TryAdd(failed.Kind, failed.Detail);
                break;
        }
    }

    public int SecondOf(long timestamp) => (int)Stopwatch.GetElapsedTime(StartedAt, timestamp).TotalSeconds;

    public IReadOnlyList<AcceptedMessage> AcceptedMessages => [.. _accepted];

    public RunSnapshot Snapshot()
    {
        var latency = _latency.Copy();
        return new RunSnapshot(
            Stopwatch.GetElapsedTime(StartedAt),
            Interlocked.Read(ref _sent), Interlocked.Read(ref _requests), Interlocked.Read(ref _acceptedCount),
            Interlocked.Read(ref _alreadySubmitted), Interlocked.Read(ref _refused), Interlocked.Read(ref _failed),
            Interlocked.Read(ref _throttled),
            Interlocked.Read(ref _lastAcceptedAt) is var last and > 0 ? Stopwatch.GetElapsedTime(StartedAt, last) : TimeSpan.Zero,
            latency,
            Sorted(_refusals), Sorted(_errors), Sorted(_throttles),
            new SortedDictionary<string, string>(_samples, StringComparer.Ordinal),
            new SortedDictionary<int, long>(_acceptedPerSecond));
    }

    private static SortedDictionary<string, long> Sorted(ConcurrentDictionary<string, long> counts) => new(counts, StringComparer.Ordinal);

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <summary>The recorder's figures at one moment (for the live display and the final report).</summary>
/// <param name="Sent">Messages handed to a driver at least once.</param>
/// <param name="Requests">Requests sent, retries after 429/503 included.</param>
/// <param name="LastAcceptedAfter">When the last acceptance arrived, counted from the start.</param>
/// <param name="Latency">Acceptance latency in microseconds (a copy).</param>
/// <param name="Refusals">Refused messages by fault code.</param>
/// <param name="Errors">Messages without a usable answer, by kind.</param>
/// <param name="Throttles">429/503 answers (each retried) by status and fault code.</param>
/// <param name="Samples">The first detail of each refusal and error kind.</param>
/// <param name="AcceptedPerSecond">Acceptances by whole second since the start.</param>
public sealed record RunSnapshot(
    TimeSpan Elapsed, long Sent, long Requests, long Accepted, long AlreadySubmitted, long Refused, long Failed, long Throttled,
    TimeSpan LastAcceptedAfter, HistogramBase Latency,
    IReadOnlyDictionary<string, long> Refusals, IReadOnlyDictionary<string, long> Errors, IReadOnlyDictionary<string, long> Throttles,
    IReadOnlyDictionary<string, string> Samples, IReadOnlyDictionary<int, long> AcceptedPerSecond)
{
    /// <summary>Sent but without a final outcome yet.</summary>
    public long InFlight => Sent - Accepted - Refused - Failed;

    /// <summary>Acceptance latency at a percentile, in milliseconds; NaN before any acceptance.</summary>
    public double LatencyMs(double percentile) => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxLatencyMs => Latency.TotalCount == 0 ? double.NaN : Latency.GetMaxValue() / 1000.0;
}
