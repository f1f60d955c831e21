using System.Diagnostics;

namespace Digipoort.Bench;

/// <summary>CPU time of the node and of this process over one stretch of wall time, as average cores used.</summary>
internal sealed class CpuWindow
{
    private readonly int _nodePid;
    private readonly long _startedAt;
    private readonly TimeSpan? _nodeCpuAtStart;
    private readonly TimeSpan _benchCpuAtStart;

    private CpuWindow(int nodePid)
    {
        _nodePid = nodePid;
        _startedAt = Stopwatch.GetTimestamp();
        _nodeCpuAtStart = ProcessSampler.CpuTime(nodePid);
        _benchCpuAtStart = BenchCpu();
    }

    public static CpuWindow Start(int nodePid) => new(nodePid);

    /// <summary>The node's CPU time since the start ÷ the wall time since the start; null if /proc could not be read.</summary>
    public double? NodeCores() =>
        _nodeCpuAtStart is { } start && ProcessSampler.CpuTime(_nodePid) is { } now ? Cores(now - start) : null;

    /// <summary>This process's (load generator and counting recipient) CPU time since the start ÷ the wall time.</summary>
    public double BenchCores() => Cores(BenchCpu() - _benchCpuAtStart);

    private double Cores(TimeSpan cpu)
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt);
        return wall > TimeSpan.Zero ? cpu / wall : 0;
    }

    private static TimeSpan BenchCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
