using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Digipoort.Api.Rest;

/// <summary>
/// Reads a multipart/form-data submission section by section: the document parts stream straight
/// into blob staging, never into memory. Form fields carry the envelope.
/// </summary>
internal static class MultipartSubmissionReader
{
    public const string MainDocumentPart = "berichtInhoud";
    public const string AttachmentPart = "berichtBijlage";
    private const int MaxFieldLength = 1024;

    private static readonly HashSet<string> FieldNames = new(StringComparer.Ordinal)
    {
        "berichtsoort", "aanleverkenmerk", "eerderAanleverkenmerk", "identiteitBelanghebbende.nummer",
        "identiteitBelanghebbende.type", "rolBelanghebbende", "identiteitOntvanger.nummer", "identiteitOntvanger.type",
        "rolOntvanger", "autorisatieAdres",
    };

    public static async Task<(SubmissionParts? Parts, Fault? Fault)> ReadAsync(HttpRequest request, SubmissionStaging staging,
        CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
            return (null, Fault.InvalidRequest("multipart/form-data needs a boundary of at most 70 characters."));

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 8 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        ReceivedDocument? main = null;
        var attachments = new List<ReceivedDocument>();

        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.IsFormDisposition() && !disposition.IsFileDisposition())
                return (null, Fault.InvalidRequest("Every part needs a Content-Disposition of form-data with a name."));
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";

            if (disposition.IsFileDisposition())
            {
                if (name != MainDocumentPart && name != AttachmentPart)
                    return (null, Fault.InvalidRequest($"Unknown file part '{name}'; expected '{MainDocumentPart}' or '{AttachmentPart}'."));
                if (name == MainDocumentPart && main is not null)
                    return (null, Fault.InvalidRequest($"Only one '{MainDocumentPart}' part is allowed."));

                var blob = await staging.StageAsync(section.Body, cancellationToken);
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                var document = new ReceivedDocument(new DocumentFields(section.ContentType, Path.GetFileName(fileName)), blob);
                if (name == MainDocumentPart) main = document;
                else attachments.Add(document);
                continue;
            }

            if (!FieldNames.Contains(name))
                return (null, Fault.InvalidRequest($"Unknown field '{name}'."));
            var value = await ReadFieldAsync(section.Body, cancellationToken);
            if (value is null) return (null, Fault.InvalidRequest($"Field '{name}' is longer than {MaxFieldLength} characters."));
            fields[name] = value;
        }

        var envelope = new EnvelopeFields(Get("berichtsoort"), Get("aanleverkenmerk"), Get("eerderAanleverkenmerk"),
            Get("identiteitBelanghebbende.nummer"), Get("identiteitBelanghebbende.type"), Get("rolBelanghebbende"),
            Get("identiteitOntvanger.nummer"), Get("identiteitOntvanger.type"), Get("rolOntvanger"), Get("autorisatieAdres"));
        return (new SubmissionParts(envelope, main, attachments), null);

        string? Get(string field) => fields.GetValueOrDefault(field);
    }

    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var buffer = new char[MaxFieldLength + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            length += read;
        return length > MaxFieldLength ? null : new string(buffer, 0, length);
    }
}
