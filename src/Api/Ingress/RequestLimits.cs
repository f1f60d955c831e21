namespace Digipoort.Api.Ingress;

/// <summary>
/// Bounds on what submissions may hold at the HTTP edge, before admission: requests being read at
/// once (each holds a connection and a staging file) and JSON bodies being decoded in memory at once
/// (base64 content cannot be streamed out of a JSON string, so a 20 MiB document costs ~50 MB while
/// it is decoded). Together they keep memory flat under a flood of large requests.
/// </summary>
public sealed record RequestLimits(int MaxConcurrentSubmissions, int MaxQueuedSubmissions, int MaxConcurrentLargeJson,
    long LargeJsonBytes, TimeSpan RetryAfter, SenderRateLimit PerSender);

/// <summary>
/// A token bucket per sender identity over the sender-facing API: bursts up to <see cref="TokenLimit"/>
/// requests, sustained <see cref="TokensPerPeriod"/> per <see cref="ReplenishmentPeriod"/>. One sender
/// over its limit gets 429; the others are not affected.
/// </summary>
public sealed record SenderRateLimit(int TokenLimit, int TokensPerPeriod, TimeSpan ReplenishmentPeriod);
