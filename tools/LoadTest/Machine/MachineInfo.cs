using System.Globalization;
using System.Runtime.InteropServices;

namespace Digipoort.LoadTest.Machine;

/// <summary>What the figures were measured on: without this a throughput number means little.</summary>
public sealed record MachineInfo(
    int Processors, string CpuModel, string TotalMemory, string Os, string DotnetSdk, string Runtime, string DataFileSystem, string Commit)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    public static async Task<MachineInfo> CollectAsync(string repoRoot, CancellationToken cancellationToken)
    {
        var sdk = await OutputOrUnknownAsync("dotnet", ["--version"], repoRoot, cancellationToken);
        var commit = await OutputOrUnknownAsync("git", ["rev-parse", "--short", "HEAD"], repoRoot, cancellationToken);
        var dirty = await OutputOrUnknownAsync("git", ["status", "--porcelain", "--untracked-files=no"], repoRoot, cancellationToken);
        return new MachineInfo(
            Environment.ProcessorCount,
            ProcField("/proc/cpuinfo", "model name") ?? "unknown",
            ProcField("/proc/meminfo", "MemTotal") is { } kb ? MemTotal(kb) : "unknown",
            $"{OsName()} ({RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture})",
            sdk,
            RuntimeInformation.FrameworkDescription,
            FileSystemOf(Path.GetTempPath()),
            dirty.Length > 0 && dirty != "unknown" ? $"{commit} (with uncommitted changes)" : commit);
    }

    private static async Task<string> OutputOrUnknownAsync(string command, string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        try
        {
            var (exit, output) = await ExternalCommand.RunAsync(command, arguments, workingDirectory, CommandTimeout, cancellationToken);
            return exit == 0 ? output.Trim() : "unknown";
        }
        catch (LoadTestException)
        {
            return "unknown";
        }
    }

    /// <summary>The value of the first "name : value" line of a /proc file.</summary>
    private static string? ProcField(string path, string name)
    {
        if (!File.Exists(path)) return null;
        return File.ReadLines(path)
            .Where(line => line.StartsWith(name, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }

    private static string MemTotal(string value) =>
        long.TryParse(value.Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB")
            : value;

    private static string OsName()
    {
        const string path = "/etc/os-release";
        var pretty = File.Exists(path)
            ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
            : null;
        return pretty ?? RuntimeInformation.OSDescription;
    }

    /// <summary>
    /// The file system the nodes' data folders live on (the temp folder): the journal's fsyncs cost
    /// nothing on tmpfs, so a figure measured there is not comparable to one measured on a disk.
    /// </summary>
    private static string FileSystemOf(string path)
    {
        const string mounts = "/proc/mounts";
        if (!File.Exists(mounts)) return $"{path} (file system unknown)";
        var full = Path.GetFullPath(path);
        var best = File.ReadLines(mounts)
            .Select(line => line.Split(' '))
            .Where(f => f.Length >= 3 && IsUnder(full, f[1]))
            .MaxBy(f => f[1].Length);
        return best is null ? $"{path} (file system unknown)" : $"{path} on {best[2]} ({best[0]})";
    }

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);
}
