using System.Diagnostics;
using Akka.Actor;
using HdrHistogram;

namespace Digipoort.Bench.Journal;

/// <summary>
/// Keeps <c>concurrency</c> commands in flight against the entities, closed loop, for a given time:
/// each worker sends the next command as soon as its previous one is answered. Consecutive commands go
/// to consecutive entities, so with more entities than commands in flight an entity rarely has two.
/// </summary>
internal sealed class JournalLoad(IReadOnlyList<IActorRef> entities, int concurrency, byte[] payload, TimeSpan askTimeout)
{
    private long _next = -1;

    /// <summary>Runs for <paramref name="duration"/>; what is in flight then is still answered and counted.</summary>
    public async Task<JournalRun> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var perSecond = new long[(int)Math.Ceiling(duration.TotalSeconds)];
        var latency = new LongConcurrentHistogram(1, 60_000_000, 3);
        long events = 0, lastAnsweredAt = 0;
        var startedAt = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetElapsedTime(startedAt) < duration)
            {
                var entity = entities[(int)(Interlocked.Increment(ref _next) % entities.Count)];
                var sentAt = Stopwatch.GetTimestamp();
                await entity.Ask<Appended>(new Append(payload), askTimeout, cancellationToken);
                var answeredAt = Stopwatch.GetTimestamp();
                latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(sentAt, answeredAt).TotalMicroseconds));
                Interlocked.Increment(ref events);
                var second = (int)Stopwatch.GetElapsedTime(startedAt, answeredAt).TotalSeconds;
                if (second < perSecond.Length) Interlocked.Increment(ref perSecond[second]);
                InterlockedMax(ref lastAnsweredAt, answeredAt);
            }
        });
        await Task.WhenAll(workers);
        return new JournalRun(events, Stopwatch.GetElapsedTime(startedAt, Interlocked.Read(ref lastAnsweredAt)), perSecond, latency);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <param name="Events">Commands answered, i.e. events durable.</param>
/// <param name="Elapsed">From the first send to the last answer.</param>
/// <param name="PerSecond">Answers in each whole second of the run (the answers after its end are in none).</param>
/// <param name="LatencyMicroseconds">Send to answer.</param>
internal sealed record JournalRun(long Events, TimeSpan Elapsed, long[] PerSecond, HistogramBase LatencyMicroseconds);
