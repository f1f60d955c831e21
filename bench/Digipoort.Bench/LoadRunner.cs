using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Digipoort.Bench;

/// <summary>One batch of POSTs to send: how many, where, with which body, and what counts as success.</summary>
/// <param name="OnSuccess">Reads a successful answer (e.g. the kenmerk of a 202); an exception counts as an error.</param>
internal sealed record LoadPlan(
    string Name,
    Uri Endpoint,
    int Count,
    HttpStatusCode Success,
    Func<int, byte[]> Body,
    Func<HttpResponseMessage, CancellationToken, Task>? OnSuccess = null);

/// <summary>
/// Sends a plan's requests with a fixed number in flight (a semaphore over one shared HttpClient) and
/// records each request's latency and outcome. A 503 is the node's admission control saying "later":
/// the request keeps its slot, waits the Retry-After and is sent again, and its latency includes that
/// wait because that is what the sender experiences. Anything else unexpected is an error, counted by
/// kind, with the first body of each kind kept as a sample.
/// </summary>
internal sealed class LoadRunner(HttpClient http, int concurrency)
{
    /// <summary>Retries of one request after 503 before it counts as an error (about 5 minutes at Retry-After 1 s).</summary>
    private const int MaxOverloadRetries = 300;

    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<LoadResult> RunAsync(LoadPlan plan, CancellationToken cancellationToken)
    {
        var run = new Recorder(plan.Count);
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var requests = new List<Task>(plan.Count);
        var firstSend = Stopwatch.GetTimestamp();
        try
        {
            for (var i = 0; i < plan.Count; i++)
            {
                await slots.WaitAsync(cancellationToken);
                requests.Add(SendAsync(plan, i, run, slots, cancellationToken));
            }
        }
        finally
        {
            // Every request releases its slot when it ends: let them all end before the semaphore goes away.
            try
            {
                await Task.WhenAll(requests);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Rethrown below.
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return run.Result(plan, firstSend);
    }

    private async Task SendAsync(LoadPlan plan, int index, Recorder run, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var body = plan.Body(index);
            var started = Stopwatch.GetTimestamp();
            for (var attempt = 0; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, plan.Endpoint) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = Json;
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == plan.Success)
                {
                    if (plan.OnSuccess is not null) await plan.OnSuccess(response, cancellationToken);
                    run.Succeeded(index, started, Stopwatch.GetTimestamp());
                    return;
                }
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < MaxOverloadRetries)
                {
                    run.Overloaded();
                    await Task.Delay(RetryAfter(response), cancellationToken);
                    continue;
                }
                run.Failed($"HTTP {(int)response.StatusCode}", await response.Content.ReadAsStringAsync(cancellationToken));
                return;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            // Connection failures, HttpClient's timeout (a TaskCanceledException) and unreadable answers alike.
            run.Failed(e.GetType().Name, e.Message);
        }
        finally
        {
            slots.Release();
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : DefaultRetryAfter);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRetryAfter ? MaxRetryAfter : delay;
    }

    /// <summary>The outcomes of one plan, written concurrently by its requests.</summary>
    private sealed class Recorder(int count)
    {
        private const int SampleMaxChars = 500;

        private readonly double[] _latencyMs = new double[count];
        private readonly bool[] _succeeded = new bool[count];
        private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _samples = new(StringComparer.Ordinal);
        private long _lastSuccessAt;
        private int _overloaded;

        public void Succeeded(int index, long startedAt, long at)
        {
            // Each index is written by its own request only, and read after Task.WhenAll.
            _latencyMs[index] = Stopwatch.GetElapsedTime(startedAt, at).TotalMilliseconds;
            _succeeded[index] = true;
            long seen;
            while ((seen = Interlocked.Read(ref _lastSuccessAt)) < at && Interlocked.CompareExchange(ref _lastSuccessAt, at, seen) != seen)
            {
            }
        }

        public void Overloaded() => Interlocked.Increment(ref _overloaded);

        public void Failed(string kind, string detail)
        {
            _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
            _samples.TryAdd(kind, detail.Length > SampleMaxChars ? detail[..SampleMaxChars] + "…" : detail);
        }

        public LoadResult Result(LoadPlan plan, long firstSend)
        {
            var latencies = _latencyMs.Where((_, i) => _succeeded[i]).Order().ToArray();
            return new LoadResult(plan.Name, plan.Count, latencies, _overloaded, firstSend, latencies.Length > 0 ? _lastSuccessAt : firstSend,
                new SortedDictionary<string, int>(_errors, StringComparer.Ordinal), new SortedDictionary<string, string>(_samples, StringComparer.Ordinal));
        }
    }
}
