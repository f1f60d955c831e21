using System.Globalization;
using System.Net.Http.Headers;

namespace Digipoort.Actors.Delivery;

/// <summary>
/// Builds the POST of one delivery attempt for <see cref="HttpPushChannel"/>: the document is the body,
/// the envelope travels in <c>Digipoort-*</c> headers.
/// </summary>
internal static class HttpPushChannelRequest
{
    private const string KenmerkHeader = "Digipoort-Kenmerk";
    private const string BerichtsoortHeader = "Digipoort-Berichtsoort";
    private const string AfzenderHeader = "Digipoort-Afzender";
    private const string BelanghebbendeHeader = "Digipoort-Belanghebbende";
    private const string AanleverkenmerkHeader = "Digipoort-Aanleverkenmerk";
    private const string PogingHeader = "Digipoort-Poging";
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    private const int BufferSize = 80 * 1024;

    /// <summary>Takes ownership of <paramref name="content"/>: disposing the message disposes it.</summary>
    public static HttpRequestMessage Create(DeliveryRequest request, Stream content)
    {
        var body = new StreamContent(content, BufferSize);
        try
        {
            var document = request.Document;
            body.Headers.ContentType = MediaTypeHeaderValue.TryParse(document.MimeType, out var mediaType)
                ? mediaType
                : new MediaTypeHeaderValue("application/octet-stream");
            // Declared up front so the recipient can refuse oversized content before reading it.
            body.Headers.ContentLength = document.Content.Length;
            body.Headers.ContentDisposition = Attachment(document.Bestandsnaam);

            var message = new HttpRequestMessage(HttpMethod.Post, request.Recipient.Endpoint) { Content = body };
            var headers = message.Headers;
            var envelope = request.Envelope;
            var belanghebbende = envelope.IdentiteitBelanghebbende;
            headers.Add(KenmerkHeader, HeaderValue(request.Kenmerk.Value));
            headers.Add(BerichtsoortHeader, HeaderValue(envelope.Berichtsoort));
            headers.Add(AfzenderHeader, HeaderValue(request.Sender.Value));
            headers.Add(BelanghebbendeHeader, HeaderValue($"{belanghebbende.Nummer};type={belanghebbende.Type}"));
            if (!string.IsNullOrEmpty(envelope.Aanleverkenmerk))
                headers.Add(AanleverkenmerkHeader, HeaderValue(envelope.Aanleverkenmerk));
            headers.Add(PogingHeader, request.Attempt.ToString(CultureInfo.InvariantCulture));
            headers.Add(IdempotencyKeyHeader, HeaderValue(request.IdempotencyKey));
            return message;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The values come from validated input, but a CR or LF would let one header smuggle in others, and
    /// HttpClient refuses anything outside ASCII, which would fail every attempt of the message for good.
    /// So anything but printable ASCII is replaced rather than sent or thrown about.
    /// </summary>
    private static string HeaderValue(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
        });

    /// <summary>
    /// <c>filename</c> carries a plain-ASCII fallback; when that differs from the real name, <c>filename*</c>
    /// (RFC 6266 / RFC 8187, UTF-8 percent-encoded) carries the real one.
    /// </summary>
    private static ContentDispositionHeaderValue Attachment(string fileName)
    {
        var fallback = string.Create(fileName.Length, fileName, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] is >= ' ' and <= '~' and not '"' and not '\\' ? source[i] : '_';
        });
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = fallback };
        if (fallback != fileName)
            disposition.FileNameStar = fileName;
        return disposition;
    }
}
