using System.Diagnostics;
using Digipoort.LoadTest.Drivers;
using Digipoort.LoadTest.Generation;
using Digipoort.LoadTest.Transport;

namespace Digipoort.LoadTest.Load;

/// <summary>
/// Sends the run's messages through a driver, open loop (on a fixed schedule) or closed loop (a fixed
/// number of requests in flight), for a count or a duration, spreading requests round-robin over the
/// nodes. A request's messages that get 429/503 wait the Retry-After and are sent again (counted as
/// throttled, not as errors); their latency keeps counting from the intended send time.
/// </summary>
/// <remarks>
/// <paramref name="stopScheduling"/> ends the run early (e.g. Ctrl+C) without abandoning what is in
/// flight: requests already sent are answered and recorded, so the accepted set stays complete and can
/// be verified. <c>cancellationToken</c> in <see cref="RunAsync"/> aborts everything.
/// </remarks>
public sealed class LoadEngine(
    ISubmissionDriver driver, IReadOnlyList<NodeTarget> targets, MessageGenerator generator, LoadProfile profile, RunRecorder recorder,
    CancellationToken stopScheduling = default)
{
    private static readonly TimeSpan ScheduleSlack = TimeSpan.FromMilliseconds(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (profile.OpenLoop) await RunOpenLoopAsync(cancellationToken);
        else await RunClosedLoopAsync(cancellationToken);
    }

    private async Task RunOpenLoopAsync(CancellationToken cancellationToken)
    {
        var unitInterval = TimeSpan.FromSeconds(driver.BatchSize / profile.Rate!.Value);
        using var outstanding = new SemaphoreSlim(profile.MaxOutstanding, profile.MaxOutstanding);
        for (long unit = 0; ; unit++)
        {
            var intendedAfter = unitInterval * unit;
            if (!MayStart(unit, intendedAfter)) break;
            var wait = intendedAfter - Stopwatch.GetElapsedTime(recorder.StartedAt);
            if (wait > ScheduleSlack && !await DelayAsync(wait, cancellationToken)) break;
            await outstanding.WaitAsync(cancellationToken);
            var intendedAt = recorder.StartedAt + (long)(intendedAfter.TotalSeconds * Stopwatch.Frequency);
            _ = RunUnitReleasingAsync(unit, intendedAt, outstanding, cancellationToken);
        }
        // Every unit releases its permit when done: holding all of them means nothing is in flight.
        for (var i = 0; i < profile.MaxOutstanding; i++) await outstanding.WaitAsync(cancellationToken);
    }

    private async Task RunClosedLoopAsync(CancellationToken cancellationToken)
    {
        long next = -1;
        var workers = Enumerable.Range(0, profile.Concurrency).Select(async _ =>
        {
            while (true)
            {
                var unit = Interlocked.Increment(ref next);
                if (!MayStart(unit, Stopwatch.GetElapsedTime(recorder.StartedAt))) return;
                await RunUnitAsync(unit, Stopwatch.GetTimestamp(), cancellationToken);
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>Whether unit <paramref name="unit"/>, due <paramref name="after"/> the start, is still part of the run.</summary>
    private bool MayStart(long unit, TimeSpan after) =>
        !stopScheduling.IsCancellationRequested
        && (profile.Count is not { } count || unit * driver.BatchSize < count)
        && (profile.Duration is not { } duration || after < duration);

    /// <returns>False when scheduling was stopped during the wait.</returns>
    private async Task<bool> DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopScheduling);
        try
        {
            await Task.Delay(wait, either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task RunUnitReleasingAsync(long unit, long intendedAt, SemaphoreSlim outstanding, CancellationToken cancellationToken)
    {
        try
        {
            await RunUnitAsync(unit, intendedAt, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Aborted: nothing is recorded for an abandoned request.
        }
        finally
        {
            outstanding.Release();
        }
    }

    private async Task RunUnitAsync(long unit, long intendedAt, CancellationToken cancellationToken)
    {
        var first = unit * driver.BatchSize;
        var size = (int)Math.Min(driver.BatchSize, (profile.Count ?? long.MaxValue) - first);
        IReadOnlyList<OutgoingMessage> pending = [.. Enumerable.Range(0, size).Select(i => generator.Create(first + i))];
        var target = targets[(int)(unit % targets.Count)];
        recorder.Sent(target.Index, pending.Count);
        var giveUpAt = Stopwatch.GetTimestamp() + (long)(profile.ThrottlePatience.TotalSeconds * Stopwatch.Frequency);

        while (pending.Count > 0)
        {
            var outcomes = await driver.SubmitAsync(target, pending, cancellationToken);
            recorder.Request(target.Index);
            var answeredAt = Stopwatch.GetTimestamp();
            var again = new List<OutgoingMessage>();
            var wait = TimeSpan.Zero;
            for (var i = 0; i < pending.Count; i++)
            {
                if (outcomes[i] is SubmissionOutcome.Throttled throttled && answeredAt < giveUpAt)
                {
                    recorder.Throttled(target.Index, throttled);
                    again.Add(pending[i]);
                    wait = throttled.RetryAfter > wait ? throttled.RetryAfter : wait;
                    continue;
                }
                recorder.Record(pending[i], target.Index, outcomes[i], intendedAt, answeredAt);
            }
            if (again.Count > 0) await Task.Delay(wait, cancellationToken);
            pending = again;
        }
    }
}
