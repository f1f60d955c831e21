using System.Text.Json;

namespace Digipoort.Bench.Cpu;

/// <summary>
/// <c>cpu --out FILE [--pids P,P…] [--server-command postgres]</c>: appends a <see cref="CpuSample"/> as a JSON line
/// every second until stopped (SIGTERM), so that bench/run.sh can say afterwards where the processors went
/// during a run: the nodes, the database server, or the rest (load tool, recipient, other users of the machine).
/// </summary>
internal static class CpuSampler
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string outPath, IReadOnlyList<int> pids, string serverCommand, CancellationToken cancellationToken)
    {
        await using var output = new StreamWriter(outPath, append: true) { AutoFlush = true };
        using var timer = new PeriodicTimer(Interval);
        do
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(CpuSample.Read(pids, serverCommand), Json));
        }
        while (await Ticked(timer, cancellationToken));
        await output.WriteLineAsync(JsonSerializer.Serialize(CpuSample.Read(pids, serverCommand), Json));
        return 0;
    }

    private static async Task<bool> Ticked(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static IReadOnlyList<CpuSample> Load(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<CpuSample>(l, Json)!)];
}
