namespace Digipoort.Actors.Ingress;

/// <summary>
/// Whether this node takes in new messages: it has room while fewer than <see cref="MaxInProgress"/> messages have
/// work under way (processing, a delivery attempt, telling their batch how they ended, each with the write of its
/// outcome) and its journal keeps up, its latest write having taken less than <see cref="MaxWriteLatency"/>.
/// </summary>
/// <remarks>
/// Every message in progress has at most one write pending, so the count bounds the journal's queue; but how fast
/// that queue drains varies tenfold with the load on the machine, so the measured write time is watched as well.
/// Letting in more than the journal writes within its timeouts turns slow writes into failed ones (a timed-out
/// write still commits), failures into messages and whole shards restarting, and restarts into deliveries made
/// again. Only new messages wait for room: submissions (<see cref="SubmissionAdmission"/>) and the items a batch
/// releases. A message resuming after a restart or a retry falling due does not ask, so the count may pass the limit.
/// </remarks>
public sealed class NodeCapacity
{
    /// <summary>A slow reading goes stale by itself when no write completes; waiters look again this often.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private int _inProgress;
    private long? _slowWriteAt;
    private TaskCompletionSource _room = NewSignal();

    public NodeCapacity(int maxInProgress, TimeSpan maxWriteLatency, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInProgress);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxWriteLatency, TimeSpan.Zero);
        MaxInProgress = maxInProgress;
        MaxWriteLatency = maxWriteLatency;
        _clock = clock ?? TimeProvider.System;
    }

    public int MaxInProgress { get; }
    public TimeSpan MaxWriteLatency { get; }

    public int InProgress
    {
        get { lock (_gate) return _inProgress; }
    }

    public bool HasRoom
    {
        get { lock (_gate) return HasRoomNow(); }
    }

    /// <summary>A message started work; it must <see cref="Leave"/> once the work's outcome is durable or it stops.</summary>
    public void Enter()
    {
        lock (_gate) _inProgress++;
    }

    public void Leave()
    {
        lock (_gate)
        {
            _inProgress--;
            if (HasRoomNow()) SignalRoom();
        }
    }

    /// <summary>A message's write took <paramref name="latency"/> from being asked for to being durable.</summary>
    public void WriteTook(TimeSpan latency)
    {
        lock (_gate)
        {
            if (latency >= MaxWriteLatency)
            {
                _slowWriteAt = _clock.GetTimestamp();
            }
            else if (_slowWriteAt is not null)
            {
                _slowWriteAt = null;
                if (HasRoomNow()) SignalRoom();
            }
        }
    }

    /// <summary>Completes once the node has room (see <see cref="HasRoom"/>).</summary>
    public async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task room;
            lock (_gate)
            {
                if (HasRoomNow()) return;
                room = _room.Task;
            }
            await Task.WhenAny(room, Task.Delay(Recheck, _clock, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    // A slow write says the journal is behind until a fast one completes, or until no write has completed for as
    // long again: a reading that old says nothing about the queue now.
    private bool HasRoomNow() =>
        _inProgress < MaxInProgress
        && (_slowWriteAt is not { } slowAt || _clock.GetElapsedTime(slowAt) >= MaxWriteLatency);

    private void SignalRoom()
    {
        _room.TrySetResult();
        _room = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
