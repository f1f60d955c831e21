namespace Digipoort.LoadTest.Load;

/// <summary>How hard and how long to push.</summary>
/// <param name="Rate">Open loop: messages per second, sent on schedule whether or not earlier ones were answered. Null: closed loop.</param>
/// <param name="Concurrency">Closed loop: requests in flight. Open loop: connections per node.</param>
/// <param name="Duration">Stop starting new requests after this long (when <paramref name="Count"/> is null, or whichever comes first).</param>
/// <param name="Count">Stop after this many messages.</param>
/// <param name="MaxOutstanding">Open loop: requests started but unanswered at most; beyond it the schedule waits (latency still counts from the intended time).</param>
/// <param name="ThrottlePatience">How long one request keeps retrying after 429/503 before its messages count as failed.</param>
public sealed record LoadProfile(double? Rate, int Concurrency, TimeSpan? Duration, long? Count, int MaxOutstanding, TimeSpan ThrottlePatience)
{
    public bool OpenLoop => Rate is not null;

    public string Describe() =>
        (OpenLoop ? $"open loop at {Rate:0.##} messages/s ({Concurrency} connections per node)" : $"closed loop, {Concurrency} requests in flight")
        + (Count is { } n ? $", {n:N0} messages" : "") + (Duration is { } d ? $", {d.TotalSeconds:0.#} s" : "");
}
