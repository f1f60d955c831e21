using System.Globalization;

namespace Digipoort.Bench.Cpu;

/// <summary>
/// One reading of CPU time from /proc, in USER_HZ ticks (100 a second on every mainstream Linux): the watched
/// processes, every process of the database server (by command name), and the whole machine.
/// </summary>
/// <param name="At">Unix time in seconds.</param>
/// <param name="Watched">utime + stime per watched PID (absent once it has exited).</param>
/// <param name="Server">utime + stime per PID of the server's processes (they come and go: connections).</param>
/// <param name="MachineBusy">Jiffies the machine's processors spent on anything but idle and iowait.</param>
/// <param name="MachineTotal">All jiffies of all processors.</param>
internal sealed record CpuSample(double At, IReadOnlyDictionary<string, long> Watched, IReadOnlyDictionary<string, long> Server, long MachineBusy,
    long MachineTotal)
{
    public const double TicksPerSecond = 100;

    public static CpuSample Read(IEnumerable<int> watched, string serverCommand)
    {
        var (busy, total) = Machine();
        var server = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Command(pid) == serverCommand && Ticks(pid) is { } ticks) server[name] = ticks;
        }
        var mine = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pid in watched)
        {
            if (Ticks(pid) is { } ticks) mine[pid.ToString(CultureInfo.InvariantCulture)] = ticks;
        }
        return new CpuSample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0, mine, server, busy, total);
    }

    private static string? Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null; // gone between the listing and the read
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/PID/stat); null when the process is gone.</summary>
    private static long? Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first line of /proc/stat: user nice system idle iowait irq softirq steal …</summary>
    private static (long Busy, long Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // guest and guest_nice (9th, 10th) are already counted in user and nice.
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }
}
