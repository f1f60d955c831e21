using System.Globalization;

namespace Digipoort.LoadTest.Nodes;

/// <summary>
/// Reads another process's resource use from /proc (Linux): its resident memory, sampled every
/// 250 ms from <c>/proc/&lt;pid&gt;/status</c> (VmRSS) for the peak and kept once a second as a
/// timeline (to show whether memory stays flat under overload), and its CPU time from
/// <c>/proc/&lt;pid&gt;/stat</c> (utime + stime). Where /proc is not available the figures are
/// reported as unknown, not as zero.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// /proc reports CPU time in USER_HZ ticks, which the kernel ABI fixes at 100 per second on every
    /// mainstream architecture (independent of the kernel's internal HZ).
    /// </summary>
    private const double TicksPerSecond = 100;

    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly List<RssSample> _timeline = [];
    private long _peakRssBytes = -1;

    private ProcessSampler(int pid)
    {
        _pid = pid;
        Sample();
        _loop = RunAsync();
    }

    /// <summary>The largest VmRSS seen so far; null if none could be read.</summary>
    public long? PeakRssBytes => Interlocked.Read(ref _peakRssBytes) is var peak and >= 0 ? peak : null;

    /// <summary>VmRSS once a second since the sampler started.</summary>
    public IReadOnlyList<RssSample> Timeline
    {
        get
        {
            lock (_timeline) return [.. _timeline];
        }
    }

    public static ProcessSampler Start(int pid) => new(pid);

    /// <summary>utime + stime of the process so far; null when /proc cannot be read (not Linux, or it has exited).</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may contain spaces; fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Field 3 (state) is fields[0], so utime (field 14) is fields[11] and stime (field 15) fields[12].
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            // Ends when disposed, or when the process is gone (Sample returns false).
            while (await timer.WaitForNextTickAsync(_stop.Token) && Sample())
            {
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the run is over.
        }
    }

    private bool Sample()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                // "VmRSS:     123456 kB"
                var kilobytes = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                // Only this loop writes; readers use Interlocked.Read.
                if (kilobytes * 1024 > _peakRssBytes) Interlocked.Exchange(ref _peakRssBytes, kilobytes * 1024);
                var second = (int)System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
                lock (_timeline)
                {
                    if (_timeline.Count == 0 || _timeline[^1].Second < second) _timeline.Add(new RssSample(second, kilobytes * 1024));
                }
                return true;
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return false;
        }
    }
}

/// <param name="Second">Whole seconds since sampling started.</param>
public sealed record RssSample(int Second, long Bytes);
