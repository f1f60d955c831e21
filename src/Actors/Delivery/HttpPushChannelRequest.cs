using System.Globalization;
using System.Net.Http.Headers;
using Digipoort.Actors.Delivery.Encryption;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Delivery;

/// <summary>
/// Builds the POST of one delivery attempt for <see cref="HttpPushChannel"/>: the document is the body
/// (<c>multipart/mixed</c> with the attachments when they travel inline; each part CMS-encrypted when the
/// recipient has an encryption certificate), the envelope travels in <c>Digipoort-*</c> headers.
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
    private const string DeelHeader = "Digipoort-Deel";
    private const string BijlageVanHeader = "Digipoort-Bijlage-Van";
    private const string BijlageHeader = "Digipoort-Bijlage";
    private const string InhoudTypeHeader = "Digipoort-Inhoud-Type";

    /// <summary>Encryption holds content and its ciphertext in memory: bounded, like the largest submission.</summary>
    private const long MaxEncryptedBytes = 512L * 1024 * 1024;

    private const int BufferSize = 80 * 1024;

    /// <summary>
    /// Builds the request; <paramref name="open"/> opens a document's content, which the message then owns
    /// (disposing the message disposes it).
    /// </summary>
    public static HttpRequestMessage Create(DeliveryRequest request, Func<Document, Stream> open)
    {
        var inline = request.InlineAttachments ?? [];
        HttpContent body = inline.Count == 0
            ? Part(request.Document, open, request.Recipient)
            : Multipart(request.Document, inline, open, request.Recipient);
        try
        {
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
            if (request.Part > 0)
            {
                // An attachment on its own names itself and the message it belongs to.
                headers.Add(DeelHeader, $"bijlage-{request.Part.ToString(CultureInfo.InvariantCulture)}");
                headers.Add(BijlageVanHeader, HeaderValue(DeliveryRequest.PartKey(request.Kenmerk, request.Recipient.Id, 0)));
            }
            var separate = request.SeparateAttachments ?? [];
            for (var i = 0; i < separate.Count; i++)
                headers.Add(BijlageHeader, HeaderValue(
                    $"{DeliveryRequest.PartKey(request.Kenmerk, request.Recipient.Id, i + 1)}; bestandsnaam=\"{AsciiFileName(separate[i].Bestandsnaam)}\""));
            return message;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>The message and its attachments in one <c>multipart/mixed</c> body, the message first.</summary>
    private static MultipartContent Multipart(Document document, IReadOnlyList<Document> attachments, Func<Document, Stream> open,
        Recipient recipient)
    {
        var multipart = new MultipartContent("mixed");
        try
        {
            multipart.Add(Part(document, open, recipient));
            foreach (var attachment in attachments)
                multipart.Add(Part(attachment, open, recipient));
            return multipart;
        }
        catch
        {
            multipart.Dispose();
            throw;
        }
    }

    /// <summary>One document as content: streamed as it is, or sealed for a recipient that wants it encrypted.</summary>
    private static HttpContent Part(Document document, Func<Document, Stream> open, Recipient recipient)
    {
        HttpContent content;
        if (recipient.EncryptionCertificate is { } certificate)
        {
            byte[] sealedBytes;
            using (var plain = open(document))
                sealedBytes = RecipientEncryption.Seal(ReadAll(plain, document.Content.Length), certificate);
            content = new ByteArrayContent(sealedBytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(RecipientEncryption.MediaType);
            // The recipient learns what it will find once it has decrypted the content.
            content.Headers.Add(InhoudTypeHeader, HeaderValue(document.MimeType));
        }
        else
        {
            content = new StreamContent(open(document), BufferSize);
            content.Headers.ContentType = MediaTypeHeaderValue.TryParse(document.MimeType, out var mediaType)
                ? mediaType
                : new MediaTypeHeaderValue("application/octet-stream");
            // Declared up front so the recipient can refuse oversized content before reading it.
            content.Headers.ContentLength = document.Content.Length;
        }
        content.Headers.ContentDisposition = Attachment(document.Bestandsnaam);
        return content;
    }

    /// <summary>CMS needs the whole content at once; its length is known, so it is read into one exact buffer.</summary>
    private static byte[] ReadAll(Stream stream, long length)
    {
        if (length > MaxEncryptedBytes)
            throw new IOException($"Content of {length} bytes is too large to encrypt for the recipient (limit {MaxEncryptedBytes}).");
        var buffer = new byte[length];
        stream.ReadExactly(buffer);
        return buffer;
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
        var fallback = AsciiFileName(fileName);
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = fallback };
        if (fallback != fileName)
            disposition.FileNameStar = fileName;
        return disposition;
    }

    /// <summary>A file name as printable ASCII without quotes or backslashes, for a quoted header parameter.</summary>
    private static string AsciiFileName(string fileName) =>
        string.Create(fileName.Length, fileName, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] is >= ' ' and <= '~' and not '"' and not '\\' ? source[i] : '_';
        });
}
