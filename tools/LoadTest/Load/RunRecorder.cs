using System.Collections.Concurrent;
using System.Diagnostics;
using Digipoort.LoadTest.Drivers;
using Digipoort.LoadTest.Generation;

namespace Digipoort.LoadTest.Load;

/// <summary>
/// Everything measured while the load runs, written concurrently by the requests: the totals and, apart, what
/// went to each node. Latency is measured from the moment a message was meant to be sent: for an open-loop run
/// that is its place in the schedule, so a stalled node shows as the latency its senders would really see (no
/// coordinated omission).
/// </summary>
public sealed class RunRecorder
{
    private readonly Tally _all;
    private readonly Tally[] _perTarget;
    private readonly ConcurrentDictionary<string, long> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _throttles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _samples = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, long> _acceptedPerSecond = new();
    private readonly ConcurrentQueue<AcceptedMessage> _accepted = new();

    /// <param name="targets">How many nodes the run sends to (target indexes 0 … targets − 1).</param>
    public RunRecorder(int targets = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targets, 1);
        StartedAt = Stopwatch.GetTimestamp();
        StartedAtUtc = DateTimeOffset.UtcNow;
        _all = new Tally(StartedAt);
        _perTarget = [.. Enumerable.Range(0, targets).Select(_ => new Tally(StartedAt))];
    }

    /// <summary>Stopwatch timestamp of the start: the open-loop schedule counts from here.</summary>
    public long StartedAt { get; }

    public DateTimeOffset StartedAtUtc { get; }

    public void Sent(int targetIndex, int messages)
    {
        _all.Sent(messages);
        _perTarget[targetIndex].Sent(messages);
    }

    public void Request(int targetIndex)
    {
        _all.Request();
        _perTarget[targetIndex].Request();
    }

    public void Throttled(int targetIndex, SubmissionOutcome.Throttled throttled)
    {
        _all.Throttled();
        _perTarget[targetIndex].Throttled();
        _throttles.AddOrUpdate($"{throttled.HttpStatus} {throttled.FaultCode}", 1, (_, n) => n + 1);
    }

    /// <summary>The final outcome of one message (a throttled one only once it gave up).</summary>
    public void Record(OutgoingMessage message, int targetIndex, SubmissionOutcome outcome, long intendedAt, long answeredAt)
    {
        var target = _perTarget[targetIndex];
        switch (outcome)
        {
            case SubmissionOutcome.Accepted accepted:
                var microseconds = Math.Clamp((long)Stopwatch.GetElapsedTime(intendedAt, answeredAt).TotalMicroseconds, 1, Tally.HighestMicroseconds);
                _all.Accepted(accepted.AlreadySubmitted, microseconds, answeredAt);
                target.Accepted(accepted.AlreadySubmitted, microseconds, answeredAt);
                var second = SecondOf(answeredAt);
                _acceptedPerSecond.AddOrUpdate(second, 1, (_, n) => n + 1);
                _accepted.Enqueue(new AcceptedMessage(accepted.Kenmerk, message.Aanleverkenmerk, targetIndex, message.Variant.Berichtsoort,
                    message.Variant.SampleName, message.Variant.ExpectValid, accepted.AlreadySubmitted, second));
                break;
            case SubmissionOutcome.Refused refused:
                _all.Refused();
                target.Refused();
                _refusals.AddOrUpdate(refused.FaultCode, 1, (_, n) => n + 1);
                _samples.TryAdd(refused.FaultCode, refused.Detail);
                break;
            case SubmissionOutcome.Throttled throttled:
                // Still throttled when the request's patience ran out.
                _all.Failed();
                target.Failed();
                var kind = $"still {throttled.HttpStatus} {throttled.FaultCode} after retrying";
                _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
                break;
            case SubmissionOutcome.Failed failed:
                _all.Failed();
                target.Failed();
                _errors.AddOrUpdate(failed.Kind, 1, (_, n) => n + 1);
                _samples.TryAdd(failed.Kind, failed.Detail);
                break;
        }
    }

    public int SecondOf(long timestamp) => (int)Stopwatch.GetElapsedTime(StartedAt, timestamp).TotalSeconds;

    public IReadOnlyList<AcceptedMessage> AcceptedMessages => [.. _accepted];

    public RunSnapshot Snapshot() => new(
        Stopwatch.GetElapsedTime(StartedAt),
        _all.Snapshot(),
        [.. _perTarget.Select(t => t.Snapshot())],
        Sorted(_refusals), Sorted(_errors), Sorted(_throttles),
        new SortedDictionary<string, string>(_samples, StringComparer.Ordinal),
        new SortedDictionary<int, long>(_acceptedPerSecond));

    private static SortedDictionary<string, long> Sorted(ConcurrentDictionary<string, long> counts) => new(counts, StringComparer.Ordinal);
}

/// <summary>The recorder's figures at one moment (for the live display and the final report).</summary>
/// <param name="All">The whole run.</param>
/// <param name="PerTarget">What went to each node, by target index.</param>
/// <param name="Refusals">Refused messages by fault code.</param>
/// <param name="Errors">Messages without a usable answer, by kind.</param>
/// <param name="Throttles">429/503 answers (each retried) by status and fault code.</param>
/// <param name="Samples">The first detail of each refusal and error kind.</param>
/// <param name="AcceptedPerSecond">Acceptances by whole second since the start.</param>
public sealed record RunSnapshot(
    TimeSpan Elapsed, TallySnapshot All, IReadOnlyList<TallySnapshot> PerTarget,
    IReadOnlyDictionary<string, long> Refusals, IReadOnlyDictionary<string, long> Errors, IReadOnlyDictionary<string, long> Throttles,
    IReadOnlyDictionary<string, string> Samples, IReadOnlyDictionary<int, long> AcceptedPerSecond);
