using System.Net;
using System.Text.Json;

namespace Digipoort.LoadTest.Drivers;

/// <summary>Turns the node's HTTP answers into <see cref="SubmissionOutcome"/>s, the same way for every REST driver.</summary>
internal static class Answers
{
    /// <summary>When a 429/503 carries no Retry-After (it always should).</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private const int DetailMaxChars = 300;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool IsThrottle(int status) => status is (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.ServiceUnavailable;

    /// <summary>A whole-request refusal (single submission, or a bulk request refused before any line was read).</summary>
    public static async Task<SubmissionOutcome> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var (faultCode, detail) = Problem(await response.Content.ReadAsStringAsync(cancellationToken), status);
        return IsThrottle(status)
            ? new SubmissionOutcome.Throttled(status, faultCode, RetryAfter(response))
            : new SubmissionOutcome.Refused(status, faultCode, detail);
    }

    /// <summary>The Retry-After header as a delay; a date in the past counts as now.</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : DefaultRetryAfter);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <summary>The fault code and detail of an RFC 7807 problem body; "HTTP nnn" when the body is none.</summary>
    public static (string FaultCode, string Detail) Problem(string body, int status)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var code = problem.RootElement.TryGetProperty("faultCode", out var c) ? c.GetString() : null;
            var detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return (code ?? $"HTTP {status}", Shorten(detail ?? body));
        }
        catch (JsonException)
        {
            return ($"HTTP {status}", Shorten(body));
        }
    }

    /// <summary>A request that got no usable answer, by exception type (the engine counts errors by kind).</summary>
    public static SubmissionOutcome.Failed Failure(Exception e) =>
        new(e is TaskCanceledException ? "Timeout" : e.GetType().Name, Shorten(e.Message));

    public static string Shorten(string text) => text.Length > DetailMaxChars ? text[..DetailMaxChars] + "…" : text;
}
