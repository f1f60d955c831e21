using System.Net;
using System.Text;
using Digipoort.Actors.Storage;

namespace Digipoort.Actors.Delivery;

/// <summary>
/// Delivers by an HTTP POST of the document to the recipient's endpoint, with the envelope in
/// <c>Digipoort-*</c> headers. One call is one attempt: retrying is the caller's decision, and
/// redirects are not followed (they would re-post the content to an endpoint nobody configured).
/// </summary>
public sealed class HttpPushChannel : IDeliveryChannel, IDisposable
{
    private const int DetailBodyMaxChars = 1_000;
    private const int DetailMessageMaxChars = 500;

    private readonly IBlobStore _blobs;
    private readonly HttpClient _http;

    /// <param name="blobs">Where the documents' content is read from.</param>
    /// <param name="handler">
    /// A transport to use instead of the channel's own, e.g. with client certificates; the caller keeps
    /// ownership of it.
    /// </param>
    public HttpPushChannel(IBlobStore blobs, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        _blobs = blobs;
        _http = new HttpClient(handler ?? CreateHandler(), disposeHandler: handler is null)
        {
            // Every attempt has its own deadline (Recipient.AttemptTimeout); the 100 s default would cap it.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timeout = request.Recipient.AttemptTimeout;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var message = HttpPushChannelRequest.Create(request, document => _blobs.OpenRead(document.Content));
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var outcome = Classify(response.StatusCode, response.ReasonPhrase);
            return outcome is DeliveryOutcome.Refused refused
                ? refused with { Detail = await WithBodyExcerptAsync(refused.Detail, response.Content, cancellationToken, attempt.Token) }
                : outcome;
        }
        catch (BlobNotFoundException e)
        {
            // Not the recipient's fault, but not a reason to crash the message's actor either.
            return new DeliveryOutcome.TechnicalFailure($"content not available: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome.TechnicalFailure($"Timed out after {timeout}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new DeliveryOutcome.TechnicalFailure(Describe(e));
        }
    }

    /// <summary>What an HTTP status means for the delivery, before looking at any response body.</summary>
    public static DeliveryOutcome Classify(HttpStatusCode status) => Classify(status, reasonPhrase: null);

    public void Dispose() => _http.Dispose();

    private static DeliveryOutcome Classify(HttpStatusCode status, string? reasonPhrase)
    {
        var code = (int)status;
        var statusLine = StatusLine(status, reasonPhrase);
        return code switch
        {
            >= 200 and <= 299 => new DeliveryOutcome.Delivered(code),
            // Request Timeout and Too Many Requests mean "not now" rather than "not this message".
            408 or 429 => new DeliveryOutcome.TechnicalFailure(statusLine),
            >= 400 and <= 499 => new DeliveryOutcome.Refused(code, statusLine),
            // 5xx, and 3xx as redirects are not followed: a misconfigured endpoint can be fixed, so retry.
            _ => new DeliveryOutcome.TechnicalFailure(statusLine),
        };
    }

    private static string StatusLine(HttpStatusCode status, string? reasonPhrase)
    {
        var reason = !string.IsNullOrWhiteSpace(reasonPhrase) ? Sanitize(reasonPhrase)
            : Enum.IsDefined(status) ? status.ToString()
            : null;
        return reason is null ? $"HTTP {(int)status}" : $"HTTP {(int)status} {reason}";
    }

    /// <summary>
    /// A refusal is final, so the recipient's explanation is worth keeping, but only a bounded prefix:
    /// the body's size is the recipient's choice, and the detail ends up in every status answer.
    /// </summary>
    private static async Task<string> WithBodyExcerptAsync(
        string statusLine, HttpContent content, CancellationToken caller, CancellationToken attempt)
    {
        try
        {
            var excerpt = await ReadExcerptAsync(content, attempt);
            return excerpt.Length == 0 ? statusLine : $"{statusLine}: {excerpt}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException
                                  || (e is OperationCanceledException && !caller.IsCancellationRequested))
        {
            // The status already decided the outcome; an unreadable body does not turn a refusal into a retry.
            return statusLine;
        }
    }

    private static async Task<string> ReadExcerptAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(DetailBodyMaxChars)];
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var length = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken);
        var chars = new char[Encoding.UTF8.GetMaxCharCount(length)];
        // flush: false drops a character cut off at the end of the buffer instead of garbling it.
        var count = Encoding.UTF8.GetDecoder().GetChars(bytes, 0, length, chars, 0, flush: false);
        if (count > DetailBodyMaxChars)
            // Never split a surrogate pair: a lone surrogate cannot be written to XML later.
            count = char.IsHighSurrogate(chars[DetailBodyMaxChars - 1]) ? DetailBodyMaxChars - 1 : DetailBodyMaxChars;
        return Sanitize(chars.AsSpan(0, count)).Trim();
    }

    /// <summary>
    /// HttpClient's messages name the failure and the host and port, e.g. "Connection refused (127.0.0.1:1234)",
    /// never the content; the inner exception often has the more specific part.
    /// </summary>
    private static string Describe(Exception e)
    {
        var text = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{e.Message.TrimEnd('.')}: {inner.Message}"
            : e.Message;
        return Sanitize(text.Length > DetailMessageMaxChars ? text[..DetailMessageMaxChars] : text);
    }

    /// <summary>Details are single-line text that also has to survive being written to XML.</summary>
    private static string Sanitize(ReadOnlySpan<char> text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
            result.Append(char.IsControl(c) ? ' ' : c);
        return result.ToString();
    }

    private static SocketsHttpHandler CreateHandler() => new()
    {
        // Recycle connections so a recipient's DNS change is picked up without a restart.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
    };
}
