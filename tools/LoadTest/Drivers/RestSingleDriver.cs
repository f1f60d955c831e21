using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Digipoort.LoadTest.Generation;
using Digipoort.LoadTest.Transport;

namespace Digipoort.LoadTest.Drivers;

/// <summary>
/// POST /api/v1/messages, one message per request: JSON with base64 content (the default; what the bench
/// always measured), or multipart/form-data, which the node streams to disk (better for MB documents).
/// </summary>
public sealed class RestSingleDriver(SubmissionEnvelope envelope, bool multipart) : ISubmissionDriver
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly MediaTypeHeaderValue XmlType = new("text/xml");

    public string Name => multipart ? "rest-multipart" : "rest";

    public int BatchSize => 1;

    public async Task<IReadOnlyList<SubmissionOutcome>> SubmitAsync(NodeTarget target, IReadOnlyList<OutgoingMessage> messages,
        CancellationToken cancellationToken)
    {
        var message = messages.Single();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.Address, "/api/v1/messages"))
            {
                Content = multipart ? Multipart(message) : Json(message),
            };
            using var response = await target.Http.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
            {
                var accepted = await response.Content.ReadFromJsonAsync<AcceptedAnswer>(Answers.Json, cancellationToken);
                return [accepted?.Kenmerk is { } kenmerk
                    ? new SubmissionOutcome.Accepted(kenmerk, accepted.AlreadySubmitted)
                    : new SubmissionOutcome.Failed("AnswerWithoutKenmerk", "A 202/200 answer without a kenmerk.")];
            }
            return [await Answers.RefusalAsync(response, cancellationToken)];
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException
                                      or System.Text.Json.JsonException or IOException)
        {
            return [Answers.Failure(e)];
        }
    }

    private HttpContent Json(OutgoingMessage message)
    {
        var body = new ArrayBufferWriter<byte>(message.Variant.Base64.Length + 512);
        envelope.WriteJson(body, message);
        var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = JsonType;
        return content;
    }

    private MultipartFormDataContent Multipart(OutgoingMessage message)
    {
        var document = new ByteArrayContent(message.Variant.Document);
        document.Headers.ContentType = XmlType;
        return new MultipartFormDataContent
        {
            { new StringContent(message.Variant.Berichtsoort), "berichtsoort" },
            { new StringContent(message.Aanleverkenmerk), "aanleverkenmerk" },
            { new StringContent(envelope.BelanghebbendeNummer), "identiteitBelanghebbende.nummer" },
            { new StringContent(envelope.BelanghebbendeType), "identiteitBelanghebbende.type" },
            { new StringContent(envelope.RolBelanghebbende), "rolBelanghebbende" },
            { document, "berichtInhoud", message.Variant.SampleName },
        };
    }
}

/// <summary>The part of a 202/200 answer (and of a bulk line's result) the tool uses.</summary>
internal sealed record AcceptedAnswer(string? Kenmerk, bool AlreadySubmitted);
