using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Digipoort.Api.Rest;

namespace Digipoort.Tests.Support;

/// <summary>What a sender does over REST, as the tests need it.</summary>
public static class GatewayClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Sample(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "catalogue", "Omzetbelasting", "samples", name));

    public static byte[] ValidDocument => Sample("omzetbelasting-valid.xml");
    public static byte[] InvalidDocument => Sample("omzetbelasting-invalid.xml");

    public static Task<HttpResponseMessage> SubmitMultipartAsync(this HttpClient client, byte[] document,
        string? aanleverkenmerk = null, string berichtsoort = "Omzetbelasting", string? sender = null, string mimeType = "text/xml")
    {
        var file = new ByteArrayContent(document);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(mimeType);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = SubmissionForm(berichtsoort, file, "aangifte.xml", aanleverkenmerk),
        };
        if (sender is not null) request.Headers.Add("X-Digipoort-Sender", sender);
        return client.SendAsync(request);
    }

    /// <summary>
    /// The multipart form of a submission for the demo belanghebbende: <paramref name="document"/> as
    /// berichtInhoud, and each attachment (name, bytes) as a berichtBijlage.
    /// </summary>
    public static MultipartFormDataContent SubmissionForm(string berichtsoort, HttpContent document, string fileName,
        string? aanleverkenmerk = null, params (string Name, byte[] Content)[] attachments)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(berichtsoort), "berichtsoort" },
            { new StringContent("001000044B37"), "identiteitBelanghebbende.nummer" },
            { new StringContent("Fi"), "identiteitBelanghebbende.type" },
            { new StringContent("Bedrijf"), "rolBelanghebbende" },
        };
        if (aanleverkenmerk is not null) form.Add(new StringContent(aanleverkenmerk), "aanleverkenmerk");
        form.Add(document, "berichtInhoud", fileName);
        foreach (var (name, content) in attachments)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
            form.Add(part, "berichtBijlage", name);
        }
        return form;
    }

    public static Task<HttpResponseMessage> SubmitJsonAsync(this HttpClient client, byte[] document, string? aanleverkenmerk = null) =>
        client.PostAsJsonAsync("/api/v1/messages", new SubmitMessageRequest("Omzetbelasting", aanleverkenmerk, null,
            new IdentiteitDto("001000044B37", "Fi"), "Bedrijf", null, null,
            new BerichtInhoudDto("text/xml", "aangifte.xml", Convert.ToBase64String(document)), null, "http://geenausp.nl"), Json);

    /// <summary>A JSON submission of the valid document for another belanghebbende.</summary>
    public static Task<SubmissionResponse> SubmitJsonForAsync(this HttpClient client, Actors.Domain.Identiteit belanghebbende) =>
        client.PostAsJsonAsync("/api/v1/messages", new SubmitMessageRequest("Omzetbelasting", null, null,
            new IdentiteitDto(belanghebbende.Nummer, belanghebbende.Type), "Bedrijf", null, null,
            new BerichtInhoudDto("text/xml", "aangifte.xml", Convert.ToBase64String(ValidDocument)), null, null), Json).AcceptedAsync();

    /// <summary>
    /// Submits <paramref name="document"/> under <paramref name="aanleverkenmerk"/> as a well-behaved client does: a 503 with
    /// Retry-After (the node at capacity, or its shard moving) is retried after that interval with the same aanleverkenmerk,
    /// which is idempotent, until <paramref name="within"/> has passed; anything else but an acceptance fails.
    /// </summary>
    public static async Task<SubmissionResponse> SubmitUntilAcceptedAsync(this HttpClient client, byte[] document, string aanleverkenmerk,
        TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            using var response = await client.SubmitMultipartAsync(document, aanleverkenmerk);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter?.Delta is not { } retryAfter
                || DateTimeOffset.UtcNow + retryAfter > deadline)
                return await Task.FromResult(response).AcceptedAsync();
            await Task.Delay(retryAfter);
        }
    }

    public static async Task<SubmissionResponse> AcceptedAsync(this Task<HttpResponseMessage> submission)
    {
        using var response = await submission;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<SubmissionResponse>(body, Json)!;
    }

    public static async Task<IReadOnlyList<StatusDto>> StatusesAsync(this HttpClient client, string kenmerk)
    {
        var response = await client.GetFromJsonAsync<StatusesResponse>($"/api/v1/messages/{kenmerk}/statuses", Json);
        return response!.Statussen;
    }

    /// <summary>Polls the statuses until one with <paramref name="code"/> appears.</summary>
    public static Task<IReadOnlyList<StatusDto>> WaitForStatusAsync(this HttpClient client, string kenmerk, string code, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => client.StatusesAsync(kenmerk), s => s.Any(x => x.Statuscode == code), timeout ?? TimeSpan.FromSeconds(30),
            $"message {kenmerk} reaches status {code}");

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
