using System.Diagnostics;

namespace Digipoort.Bench;

/// <param name="LatenciesMs">Latency of each successful request, sorted ascending.</param>
/// <param name="Overloaded">503 answers received (each one retried).</param>
/// <param name="FirstSendAt">Stopwatch timestamp just before the first request was sent.</param>
/// <param name="LastSuccessAt">Stopwatch timestamp of the last successful answer.</param>
/// <param name="Errors">Failed requests by kind ("HTTP 500", "HttpRequestException", …).</param>
/// <param name="ErrorSamples">The first answer body or message of each kind.</param>
internal sealed record LoadResult(
    string Name,
    int Requested,
    double[] LatenciesMs,
    int Overloaded,
    long FirstSendAt,
    long LastSuccessAt,
    IReadOnlyDictionary<string, int> Errors,
    IReadOnlyDictionary<string, string> ErrorSamples)
{
    public int Succeeded => LatenciesMs.Length;

    public int ErrorCount => Errors.Values.Sum();

    /// <summary>From the first send to the last success.</summary>
    public TimeSpan Wall => Stopwatch.GetElapsedTime(FirstSendAt, LastSuccessAt);

    public double PerSecond => Wall > TimeSpan.Zero ? Succeeded / Wall.TotalSeconds : 0;

    /// <summary>Nearest-rank percentile of the successful requests' latency; NaN when none succeeded.</summary>
    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * LatenciesMs.Length);
        return LatenciesMs[Math.Clamp(rank - 1, 0, LatenciesMs.Length - 1)];
    }
}
