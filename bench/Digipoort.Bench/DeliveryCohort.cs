namespace Digipoort.Bench;

/// <summary>
/// The kenmerken of one phase (warm-up or measured run) and how many of them have reached the
/// <see cref="CountingRecipient"/>. A delivery can arrive before its 202 has been read by the sender,
/// so whichever of the two comes second counts it. All state is guarded by the recipient's lock.
/// </summary>
internal sealed class DeliveryCohort(Lock gate, Dictionary<string, CountingRecipient.Entry> byKenmerk)
{
    private const int UndeliveredSampleSize = 3;

    private readonly List<string> _kenmerken = [];
    private int _delivered;
    private int _reused;
    private long _lastDeliveredAt;
    private TaskCompletionSource? _allDelivered;

    /// <summary>Adds a kenmerk the node accepted (from its 202 answer).</summary>
    public void Track(string kenmerk)
    {
        lock (gate)
        {
            if (!byKenmerk.TryGetValue(kenmerk, out var entry)) byKenmerk[kenmerk] = entry = new CountingRecipient.Entry();
            if (entry.Cohort is not null)
            {
                // Two submissions with different aanleverkenmerken got the same kenmerk: a node bug worth reporting.
                _reused++;
                return;
            }
            entry.Cohort = this;
            _kenmerken.Add(kenmerk);
            if (entry.Deliveries > 0) OnFirstDelivery(entry.FirstDeliveredAt);
        }
    }

    /// <summary>
    /// Waits until every tracked kenmerk has been delivered at least once; false when
    /// <paramref name="deadline"/> passes first. Call after the phase's last submission was answered.
    /// </summary>
    public async Task<bool> WaitForAllAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        Task all;
        lock (gate)
        {
            if (_delivered >= _kenmerken.Count) return true;
            _allDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            all = _allDelivered.Task;
        }
        try
        {
            await all.WaitAsync(deadline, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public CohortResult Result()
    {
        lock (gate)
        {
            int duplicated = 0, extra = 0;
            var undelivered = new List<string>();
            foreach (var kenmerk in _kenmerken)
            {
                var deliveries = byKenmerk[kenmerk].Deliveries;
                if (deliveries > 1)
                {
                    duplicated++;
                    extra += deliveries - 1;
                }
                else if (deliveries == 0 && undelivered.Count < UndeliveredSampleSize)
                {
                    undelivered.Add(kenmerk);
                }
            }
            return new CohortResult(_kenmerken.Count, _delivered, _lastDeliveredAt, duplicated, extra, _reused, undelivered);
        }
    }

    /// <summary>Called with the lock held, once per kenmerk of this cohort.</summary>
    internal void OnFirstDelivery(long at)
    {
        _delivered++;
        _lastDeliveredAt = Math.Max(_lastDeliveredAt, at);
        if (_delivered >= _kenmerken.Count) _allDelivered?.TrySetResult();
    }
}

/// <param name="Tracked">Kenmerken accepted by the node.</param>
/// <param name="Delivered">Of those, how many reached the recipient at least once.</param>
/// <param name="LastDeliveredAt">Stopwatch timestamp of the last first delivery (0 if none).</param>
/// <param name="DuplicatedKenmerken">Kenmerken delivered more than once.</param>
/// <param name="ExtraDeliveries">Deliveries beyond the first, summed.</param>
/// <param name="ReusedKenmerken">Accepted submissions whose kenmerk had already been given to another one.</param>
/// <param name="UndeliveredSample">A few kenmerken that never arrived, to look up on the node.</param>
internal sealed record CohortResult(
    int Tracked, int Delivered, long LastDeliveredAt, int DuplicatedKenmerken, int ExtraDeliveries, int ReusedKenmerken,
    IReadOnlyList<string> UndeliveredSample);
