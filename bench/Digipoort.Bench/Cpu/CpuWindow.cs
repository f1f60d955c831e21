namespace Digipoort.Bench.Cpu;

/// <summary>CPU used during a time window, in cores (CPU seconds ÷ wall seconds), from the samples nearest inside it.</summary>
/// <param name="Watched">Per watched PID.</param>
/// <param name="Server">The database server's processes together (those alive at the window's end; connections closed inside it are missed).</param>
/// <param name="MachineBusy">Every processor's non-idle time, whoever used it.</param>
internal sealed record CpuWindow(double Seconds, IReadOnlyDictionary<string, double> Watched, double Server, double MachineBusy, int Processors)
{
    /// <summary>The window from the first sample at or after <paramref name="from"/> to the last at or before <paramref name="to"/>; null when under a second of it was sampled.</summary>
    public static CpuWindow? Of(IReadOnlyList<CpuSample> samples, double from, double to, int processors)
    {
        var first = samples.Where(s => s.At >= from).MinBy(s => s.At);
        var last = samples.Where(s => s.At <= to).MaxBy(s => s.At);
        if (first is null || last is null || last.At - first.At < 1) return null;
        var seconds = last.At - first.At;
        double Cores(long ticks) => ticks / CpuSample.TicksPerSecond / seconds;
        var watched = last.Watched
            .Where(w => first.Watched.ContainsKey(w.Key))
            .ToDictionary(w => w.Key, w => Cores(w.Value - first.Watched[w.Key]), StringComparer.Ordinal);
        var server = last.Server.Sum(s => s.Value - first.Server.GetValueOrDefault(s.Key));
        var busy = (double)(last.MachineBusy - first.MachineBusy) / Math.Max(1, last.MachineTotal - first.MachineTotal) * processors;
        return new CpuWindow(seconds, watched, Cores(server), busy, processors);
    }
}
