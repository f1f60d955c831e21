namespace Digipoort.Api.Ingress;

/// <summary>
/// Bounds on what submissions may hold at the HTTP edge, before admission: requests being read at
/// once (each holds a connection and a staging file) and JSON bodies being decoded in memory at once
/// (base64 content cannot be streamed out of a JSON string, so a 20 MiB document costs ~50 MB while
/// it is decoded). Together they keep memory flat under a flood of large requests.
/// </summary>
public sealed record RequestLimits(int MaxConcurrentSubmissions, int MaxQueuedSubmissions, int MaxConcurrentLargeJson,
    long LargeJsonBytes, TimeSpan RetryAfter)
{
    public static readonly RequestLimits Default = new(128, 1024, 4, 1024 * 1024, TimeSpan.FromSeconds(1));
}
