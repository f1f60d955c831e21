using System.Text.Json;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;

namespace Digipoort.Api.Rest;

/// <summary>
/// Reads a JSON aanleverRequest. Base64 content arrives inside the JSON string, so each document is
/// decoded in memory (bounded by the request size limit) before it is staged; large documents should
/// use multipart, which streams.
/// </summary>
internal static class JsonSubmissionReader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { MaxDepth = 16 };

    public static Task<(SubmissionParts? Parts, Fault? Fault)> ReadAsync(HttpRequest request, SubmissionStaging staging,
        LargeJsonGate largeJson, CancellationToken cancellationToken) =>
        ReadAsync(request.Body, request.ContentLength, staging, largeJson, cancellationToken);

    /// <summary>Reads one aanleverRequest from <paramref name="body"/> (a whole request, or one line of a bulk request).</summary>
    public static async Task<(SubmissionParts? Parts, Fault? Fault)> ReadAsync(Stream body, long? length, SubmissionStaging staging,
        LargeJsonGate largeJson, CancellationToken cancellationToken)
    {
        using var lease = await largeJson.EnterAsync(length, cancellationToken);
        if (lease is null) return (null, Fault.Overloaded(largeJson.RetryAfter));

        SubmitMessageRequest? dto;
        try
        {
            dto = await JsonSerializer.DeserializeAsync<SubmitMessageRequest>(body, Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, Fault.InvalidRequest($"The body is not a valid aanleverRequest JSON document: {ex.Message}"));
        }
        if (dto is null) return (null, Fault.InvalidRequest("The body is empty."));

        var fields = new EnvelopeFields(dto.Berichtsoort, dto.Aanleverkenmerk, dto.EerderAanleverkenmerk,
            dto.IdentiteitBelanghebbende?.Nummer, dto.IdentiteitBelanghebbende?.Type, dto.RolBelanghebbende,
            dto.IdentiteitOntvanger?.Nummer, dto.IdentiteitOntvanger?.Type, dto.RolOntvanger, dto.AutorisatieAdres);

        ReceivedDocument? main = null;
        if (dto.BerichtInhoud is { } inhoud)
        {
            var (document, fault) = await StageAsync(inhoud, "berichtInhoud", staging, cancellationToken);
            if (fault is not null) return (null, fault);
            main = document;
        }
        var attachments = new List<ReceivedDocument>();
        foreach (var (bijlage, index) in (dto.BerichtBijlagen ?? []).Select((b, i) => (b, i)))
        {
            var (document, fault) = await StageAsync(bijlage, $"berichtBijlagen[{index}]", staging, cancellationToken);
            if (fault is not null) return (null, fault);
            attachments.Add(document!);
        }
        return (new SubmissionParts(fields, main, attachments), null);
    }

    private static async Task<(ReceivedDocument? Document, Fault? Fault)> StageAsync(BerichtInhoudDto dto, string name,
        SubmissionStaging staging, CancellationToken cancellationToken)
    {
        if (dto.Inhoud is null) return (null, Fault.InvalidRequest($"{name}.inhoud is required."));
        // Refuse before decoding: base64 takes 4 characters for every 3 bytes.
        if ((dto.Inhoud.Length / 4L * 3) - 2 > staging.MaxContentBytes) return (null, Fault.ContentTooLarge(staging.MaxContentBytes));

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(dto.Inhoud);
        }
        catch (FormatException)
        {
            return (null, Fault.InvalidRequest($"{name}.inhoud is not valid base64."));
        }
        using var content = new MemoryStream(bytes, writable: false);
        var blob = await staging.StageAsync(content, cancellationToken);
        return (new ReceivedDocument(new DocumentFields(dto.MimeType, dto.Bestandsnaam), blob), null);
    }
}
