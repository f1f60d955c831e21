namespace Digipoort.Api.Ingress;

/// <summary>
/// Lets only a few large JSON submissions be decoded in memory at once; the rest wait briefly and
/// are then turned away as overload (503), never queued without bound.
/// </summary>
public sealed class LargeJsonGate(RequestLimits limits)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _slots = new(limits.MaxConcurrentLargeJson);

    /// <summary>When a turned-away submission may come back.</summary>
    public TimeSpan RetryAfter => limits.RetryAfter;

    /// <summary>A lease to dispose when decoding is done, or null when the gate stayed closed.</summary>
    public async Task<IDisposable?> EnterAsync(long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength is { } length && length < limits.LargeJsonBytes) return NoLease.Instance;
        return await _slots.WaitAsync(MaxWait, cancellationToken) ? new Lease(_slots) : null;
    }

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose() { }
    }
}
