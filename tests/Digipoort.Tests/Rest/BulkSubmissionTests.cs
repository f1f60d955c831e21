using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Digipoort.Actors.Domain;
using Digipoort.Api.Rest;
using Digipoort.Tests.Api;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Rest;

[Collection(NodeCollection.Name)]
public sealed class BulkSubmissionTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Path = "/api/v1/messages/bulk";

    private HttpClient Client => gateway.Node.Client;

    [Fact]
    public async Task Every_line_gets_its_own_result_and_a_bad_line_does_not_stop_the_others()
    {
        var run = Unique();
        var lines = new[]
        {
            Line(GatewayClient.ValidDocument, $"bulk-{run}-1"),
            "{\"berichtsoort\": ",                                            // malformed JSON
            Line(GatewayClient.ValidDocument, $"bulk-{run}-3", berichtsoort: "Onbekend"),
            "",                                                               // blank: counted, no result
            Line(GatewayClient.InvalidDocument, $"bulk-{run}-5"),             // accepted, rejected later (311)
            Line(GatewayClient.ValidDocument, $"bulk-{run}-6"),
        };

        var (results, summary) = await PostBulkAsync(string.Join("\n", lines) + "\n");

        Assert.Equal([1, 2, 3, 5, 6], results.Select(r => r.Line).Order());
        Assert.Equal(new BulkSummary(5, 3, 2, true), summary);
        var malformed = results.Single(r => r.Line == 2);
        Assert.Equal((400, FaultCodes.AanleverRequestInvalid), (malformed.Status, malformed.Problem!.FaultCode));
        var unknown = results.Single(r => r.Line == 3);
        Assert.Equal((422, FaultCodes.UnknownBerichtsoort, $"bulk-{run}-3"), (unknown.Status, unknown.Problem!.FaultCode, unknown.Aanleverkenmerk));

        foreach (var accepted in results.Where(r => r.Status == 202))
        {
            Assert.NotNull(accepted.Result!.Ontvangstbewijs);
            Assert.Equal(["105", "100", "110", "200"], accepted.Result.Statussen.Select(s => s.Statuscode));
        }
        await Client.WaitForStatusAsync(results.Single(r => r.Line == 1).Result!.Kenmerk, DigipoortStatus.AfleverenGelukt);
        await Client.WaitForStatusAsync(results.Single(r => r.Line == 6).Result!.Kenmerk, DigipoortStatus.AfleverenGelukt);
        await Client.WaitForStatusAsync(results.Single(r => r.Line == 5).Result!.Kenmerk, DigipoortStatus.ValidatieNietGelukt);
    }

    [Fact]
    public async Task A_line_sent_before_answers_200_with_the_existing_kenmerk_as_a_single_submission_would()
    {
        var reference = "bulk-again-" + Unique();
        var first = await Client.SubmitJsonAsync(GatewayClient.ValidDocument, reference).AcceptedAsync();

        var (results, _) = await PostBulkAsync(Line(GatewayClient.ValidDocument, reference) + "\n");

        var again = Assert.Single(results);
        Assert.Equal(200, again.Status);
        Assert.True(again.Result!.AlreadySubmitted);
        Assert.Equal(first.Kenmerk, again.Result.Kenmerk);
    }

    [Fact]
    public async Task A_line_over_the_line_limit_is_refused_with_ALS140_and_the_next_line_is_still_taken()
    {
        var tooLong = new string('x', (int)BulkLimits.MaxLineBytes(GatewayFixture.MaxContentBytes) + 10);
        var body = $"{{\"berichtsoort\":\"{tooLong}\"}}\n{Line(GatewayClient.ValidDocument, "bulk-after-long-" + Unique())}\n";

        var (results, summary) = await PostBulkAsync(body);

        Assert.Equal((413, FaultCodes.ContentTooLarge), (results.Single(r => r.Line == 1).Status, results.Single(r => r.Line == 1).Problem!.FaultCode));
        Assert.Equal(202, results.Single(r => r.Line == 2).Status);
        Assert.Equal(new BulkSummary(2, 1, 1, true), summary);
    }

    [Fact]
    public async Task Lines_past_the_cap_are_not_read_and_the_summary_says_the_request_was_incomplete()
    {
        // "{}" lacks every required field: refused by the envelope rules, cheaply, without touching storage.
        var body = string.Concat(Enumerable.Repeat("{}\n", BulkLimits.Default.MaxLines + 5));

        var (results, summary) = await PostBulkAsync(body);

        Assert.Equal(BulkLimits.Default.MaxLines, results.Count);
        Assert.All(results, r => Assert.Equal(FaultCodes.AanleverRequestInvalid, r.Problem!.FaultCode));
        Assert.Equal((BulkLimits.Default.MaxLines, 0, false), (summary.Lines, summary.Accepted, summary.Complete));
    }

    [Fact]
    public async Task A_body_that_is_not_ndjson_gets_415()
    {
        using var response = await Client.PostAsync(Path, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Results_are_streamed_back_while_the_request_body_is_still_being_sent()
    {
        // A raw HTTP/1.1 client with a chunked body: the first line's result must arrive while the
        // request is still open, which proves that neither side waits for the whole body.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Node.BaseAddress.Host, gateway.Node.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {Path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {BulkEndpoints.MediaType}\r\nTransfer-Encoding: chunked\r\n\r\n"));
        await WriteChunkAsync(stream, Line(GatewayClient.ValidDocument, "bulk-stream-" + Unique()) + "\n");

        var received = await ReadUntilAsync(stream, "\"line\":1", TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 200", received, StringComparison.Ordinal);
        Assert.DoesNotContain("\"summary\"", received, StringComparison.Ordinal);

        await WriteChunkAsync(stream, "{}\n");
        await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        var rest = await ReadUntilAsync(stream, "\"summary\"", TimeSpan.FromSeconds(30));
        Assert.Contains("\"line\":2", received + rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_bulk_endpoint_and_its_media_type()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");

        using var json = JsonDocument.Parse(document);
        var post = json.RootElement.GetProperty("paths").GetProperty(Path).GetProperty("post");
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty(BulkEndpoints.MediaType, out _));
        Assert.True(post.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty(BulkEndpoints.MediaType, out _));
    }

    private async Task<(IReadOnlyList<BulkLineResult> Results, BulkSummary Summary)> PostBulkAsync(string body)
    {
        using var response = await Client.PostAsync(Path, new StringContent(body, Encoding.UTF8, BulkEndpoints.MediaType));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BulkEndpoints.MediaType, response.Content.Headers.ContentType?.MediaType);
        var answer = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var summary = JsonSerializer.Deserialize<BulkSummaryLine>(answer[^1], GatewayClient.Json)!.Summary;
        return ([.. answer[..^1].Select(l => JsonSerializer.Deserialize<BulkLineResult>(l, GatewayClient.Json)!)], summary);
    }

    private static string Line(byte[] document, string aanleverkenmerk, string berichtsoort = "Omzetbelasting") =>
        JsonSerializer.Serialize(new SubmitMessageRequest(berichtsoort, aanleverkenmerk, null, new IdentiteitDto("001000044B37", "Fi"),
            "Bedrijf", null, null, new BerichtInhoudDto("text/xml", "aangifte.xml", Convert.ToBase64String(document)), null, null), GatewayClient.Json);

    private static async Task WriteChunkAsync(NetworkStream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:X}\r\n"));
        await stream.WriteAsync(bytes);
        await stream.WriteAsync("\r\n"u8.ToArray());
        await stream.FlushAsync();
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string marker, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, deadline.Token);
            if (read == 0) throw new IOException($"The connection closed before '{marker}' arrived; got: {text}");
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return text.ToString();
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..16];
}
