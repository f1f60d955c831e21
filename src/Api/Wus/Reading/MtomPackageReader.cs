using Digipoort.Actors.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Digipoort.Api.Wus.Reading;

/// <summary>
/// Reads an MTOM request (SOAP 1.1 + XOP, multipart/related; type="application/xop+xml") as WCF
/// (MessageEncoding Mtom), CXF (mtom-enabled) and zeep send it, one MIME part at a time, each streamed
/// into staging as it arrives: the root part (named by <c>start</c>, else the first) with the envelope
/// limit, every other part with the inhoud limit. Nothing of a part is held in memory.
/// <para>
/// Why stage first and parse afterwards: the Body's signature covers the XOP-deserialized infoset (the
/// base64 of each part in place of its Include), and the parts usually arrive after the root part, so
/// the Body cannot be digested while the root streams by. Staging every part (which staging does anyway)
/// and then reading the envelope from staging lets the canonical writer emit each part's base64 from
/// its staged bytes at the Include, in one ordinary pass, whatever order the parts came in.
/// </para>
/// </summary>
internal static class MtomPackageReader
{
    public const string XopMediaType = "application/xop+xml";
    private const string Soap11MediaType = "text/xml";

    public static bool IsMultipartRelated(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase);

    /// <param name="stageRoot">Stages the root part (bounded by the envelope limit).</param>
    /// <param name="stagePart">
    /// Stages a binary part (bounded by the inhoud limit: <see cref="BlobTooLargeException"/> past it) into the staging
    /// that owns it, also when reading the package fails.
    /// </param>
    public static async Task<MtomPackage> ReadAsync(Stream body, string contentType, int maxParts,
        Func<Stream, CancellationToken, Task<StagedBlob>> stageRoot, Func<Stream, CancellationToken, Task<StagedBlob>> stagePart,
        CancellationToken cancellationToken)
    {
        var (boundary, start) = PackageParameters(contentType);
        var reader = new MultipartReader(boundary, body) { HeadersCountLimit = 16, HeadersLengthLimit = 8 * 1024 };
        var package = new MtomPackage();
        try
        {
            while (await NextSectionAsync(reader, cancellationToken) is { } section)
            {
                var contentId = ContentId(section);
                var isRoot = start is null ? !package.HasRoot : contentId == start;
                CheckPart(section, isRoot);
                var content = new MimePartStream(section.Body);
                if (isRoot)
                {
                    if (package.HasRoot) throw new WusProtocolException($"Two MIME parts have the Content-ID <{start}>.");
                    package.SetRoot(await stageRoot(content, cancellationToken));
                    continue;
                }
                if (package.PartCount >= maxParts) throw new WusProtocolException($"An MTOM request may have at most {maxParts} binary parts.");
                if (contentId is not null && package.Contains(contentId)) throw new WusProtocolException($"Two MIME parts have the Content-ID <{contentId}>.");
                package.Add(contentId, await stagePart(content, cancellationToken));
            }
            if (!package.HasRoot)
                throw new WusProtocolException(start is null ? "The multipart/related request has no parts." : $"No MIME part has the Content-ID <{start}> that the start parameter names.");
            return package;
        }
        catch
        {
            await package.DisposeAsync();
            throw;
        }
    }

    /// <summary>The boundary and the root's Content-ID (null: the first part) from the request's Content-Type.</summary>
    private static (string Boundary, string? Start) PackageParameters(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
            throw new WusProtocolException("multipart/related needs a boundary of at most 70 characters.");
        var type = Parameter(media, "type");
        if (!string.Equals(type, XopMediaType, StringComparison.OrdinalIgnoreCase))
            throw new WusProtocolException($"multipart/related must have type=\"{XopMediaType}\" (MTOM/XOP), not '{type}'.");
        var startInfo = Parameter(media, "start-info");
        if (startInfo is not null && !IsSoap11(startInfo))
            throw new WusProtocolException($"start-info must be {Soap11MediaType} (SOAP 1.1), not '{startInfo}'.");
        var start = Parameter(media, "start");
        return (boundary, start is null ? null : Unbracket(start));
    }

    private static void CheckPart(MultipartSection section, bool isRoot)
    {
        var encoding = Header(section, "Content-Transfer-Encoding");
        if (encoding is not null && encoding.ToLowerInvariant() is not ("binary" or "8bit" or "7bit"))
            throw new WusProtocolException($"Content-Transfer-Encoding '{encoding}' is not accepted (binary, 8bit or 7bit).");
        MediaTypeHeaderValue.TryParse(section.ContentType, out var media);
        if (media?.MediaType.Value?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
            throw new WusProtocolException("Nested multipart parts are not accepted in an MTOM request.");
        if (!isRoot) return;
        if (media is null || !media.MediaType.Equals(XopMediaType, StringComparison.OrdinalIgnoreCase))
            throw new WusProtocolException($"The root part must have Content-Type {XopMediaType}, not '{section.ContentType}'.");
        if (Parameter(media, "type") is { } type && !IsSoap11(type))
            throw new WusProtocolException($"The root part must carry a SOAP 1.1 envelope (type=\"{Soap11MediaType}\"), not '{type}'.");
    }

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception e) when (MimePartStream.IsMalformed(e))
        {
            throw new WusProtocolException("The multipart/related request is malformed: " + e.Message);
        }
    }

    private static string? ContentId(MultipartSection section) => Header(section, "Content-ID") is { } id ? Unbracket(id) : null;

    private static string? Header(MultipartSection section, string name) =>
        section.Headers is { } headers && headers.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString().Trim() : null;

    private static string? Parameter(MediaTypeHeaderValue media, string name) =>
        NameValueHeaderValue.Find(media.Parameters, name)?.Value is { HasValue: true } value ? HeaderUtilities.RemoveQuotes(value).Value : null;

    private static bool IsSoap11(string mediaType) => mediaType.Trim().Equals(Soap11MediaType, StringComparison.OrdinalIgnoreCase);

    private static string Unbracket(string id) => id.Length >= 2 && id[0] == '<' && id[^1] == '>' ? id[1..^1] : id;
}
