using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Digipoort.Actors.Delivery;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Delivery;

public sealed class HttpPushChannelTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "digipoort-push-" + Guid.NewGuid().ToString("N"));
    private readonly FileBlobStore _blobs;
    private readonly HttpPushChannel _channel;

    public HttpPushChannelTests()
    {
        _blobs = new FileBlobStore(_root, BlobKeyRing.Generate());
        _channel = new HttpPushChannel(_blobs);
    }

    public void Dispose()
    {
        _channel.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_delivered_message_carries_the_exact_content_and_all_headers()
    {
        await using var recipient = await LoopbackRecipient.StartAsync();
        var content = Encoding.UTF8.GetBytes("<aangifte><omzet>1000</omzet></aangifte>");
        var request = await RequestAsync(recipient.Endpoint, content);

        var outcome = await _channel.DeliverAsync(request, CancellationToken.None);

        Assert.Equal(new DeliveryOutcome.Delivered(200), outcome);
        var received = Assert.Single(recipient.Received);
        Assert.Equal(content, received.Body);
        var headers = received.Headers;
        Assert.Equal("application/xml", headers["Content-Type"]);
        Assert.Equal(content.Length.ToString(), headers["Content-Length"]);
        var disposition = ContentDispositionHeaderValue.Parse(headers["Content-Disposition"]);
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("aangifte.xml", disposition.FileName);
        Assert.Null(disposition.FileNameStar);
        Assert.Equal(request.Kenmerk.Value, headers["Digipoort-Kenmerk"]);
        Assert.Equal("OB-Aangifte", headers["Digipoort-Berichtsoort"]);
        Assert.Equal("00000001234567890000", headers["Digipoort-Afzender"]);
        Assert.Equal("123456789B01;type=BTW", headers["Digipoort-Belanghebbende"]);
        Assert.Equal("AK-2026-0001", headers["Digipoort-Aanleverkenmerk"]);
        Assert.Equal("1", headers["Digipoort-Poging"]);
        Assert.Equal(request.IdempotencyKey, headers["Idempotency-Key"]);
    }

    [Theory]
    [InlineData(202)]
    [InlineData(204)]
    public async Task Other_success_statuses_count_as_delivered(int status)
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => status);

        var outcome = await _channel.DeliverAsync(await RequestAsync(recipient.Endpoint), CancellationToken.None);

        Assert.Equal(new DeliveryOutcome.Delivered(status), outcome);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task A_client_error_is_a_refusal_with_the_status_in_the_detail(int status)
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => status, bodyForAttempt: _ => "schema violation");

        var outcome = await _channel.DeliverAsync(await RequestAsync(recipient.Endpoint), CancellationToken.None);

        var refused = Assert.IsType<DeliveryOutcome.Refused>(outcome);
        Assert.Equal(status, refused.HttpStatus);
        Assert.StartsWith($"HTTP {status} ", refused.Detail);
        Assert.EndsWith(": schema violation", refused.Detail);
    }

    [Fact]
    public async Task The_refusal_detail_keeps_only_a_single_line_prefix_of_a_long_body()
    {
        var body = "line one\r\nline two\n" + new string('x', 100_000);
        await using var recipient = await LoopbackRecipient.StartAsync(_ => 422, bodyForAttempt: _ => body);

        var outcome = await _channel.DeliverAsync(await RequestAsync(recipient.Endpoint), CancellationToken.None);

        var refused = Assert.IsType<DeliveryOutcome.Refused>(outcome);
        Assert.StartsWith("HTTP 422 Unprocessable Entity: line one  line two x", refused.Detail);
        Assert.Equal(1_000 - "line one\r\nline two\n".Length, refused.Detail.Count(c => c == 'x'));
        Assert.DoesNotContain(refused.Detail, char.IsControl);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_transient_status_is_a_technical_failure(int status)
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => status);

        var outcome = await _channel.DeliverAsync(await RequestAsync(recipient.Endpoint), CancellationToken.None);

        var failure = Assert.IsType<DeliveryOutcome.TechnicalFailure>(outcome);
        Assert.StartsWith($"HTTP {status} ", failure.Detail);
    }

    [Fact]
    public async Task A_retry_carries_the_same_idempotency_key_and_the_next_attempt_number()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(attempt => attempt == 1 ? 503 : 200);
        var first = await RequestAsync(recipient.Endpoint);

        var firstOutcome = await _channel.DeliverAsync(first, CancellationToken.None);
        var secondOutcome = await _channel.DeliverAsync(first with { Attempt = 2 }, CancellationToken.None);

        Assert.IsType<DeliveryOutcome.TechnicalFailure>(firstOutcome);
        Assert.Equal(new DeliveryOutcome.Delivered(200), secondOutcome);
        var received = await recipient.WaitForAsync(all => all.Count == 2, Patience);
        Assert.Equal(["1", "2"], received.Select(r => r.Headers["Digipoort-Poging"]));
        Assert.All(received, r => Assert.Equal(first.IdempotencyKey, r.Headers["Idempotency-Key"]));
        Assert.Equal([503, 200], received.Select(r => r.Status));
    }

    [Fact]
    public async Task A_refused_connection_is_a_technical_failure()
    {
        var port = UnusedLoopbackPort();

        var outcome = await _channel.DeliverAsync(
            await RequestAsync(new Uri($"http://127.0.0.1:{port}/inbox")), CancellationToken.None);

        var failure = Assert.IsType<DeliveryOutcome.TechnicalFailure>(outcome);
        Assert.Contains($"127.0.0.1:{port}", failure.Detail);
    }

    [Fact]
    public async Task A_recipient_slower_than_the_attempt_timeout_is_a_technical_failure_without_waiting_for_it()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(delayForAttempt: _ => TimeSpan.FromSeconds(5));
        var request = await RequestAsync(recipient.Endpoint, attemptTimeout: TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var outcome = await _channel.DeliverAsync(request, CancellationToken.None);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        var failure = Assert.IsType<DeliveryOutcome.TechnicalFailure>(outcome);
        Assert.Equal("Timed out after 00:00:00.3000000", failure.Detail);
        Assert.Single(recipient.Received);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_an_outcome_but_propagates()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(delayForAttempt: _ => TimeSpan.FromSeconds(5));
        var request = await RequestAsync(recipient.Endpoint, attemptTimeout: TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource();

        var delivery = _channel.DeliverAsync(request, cancellation.Token);
        await recipient.WaitForAsync(all => all.Count == 1, Patience);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery);
    }

    [Fact]
    public async Task Content_missing_from_the_store_is_a_technical_failure()
    {
        await using var recipient = await LoopbackRecipient.StartAsync();
        var request = await RequestAsync(recipient.Endpoint);
        var absent = new BlobRef(new string('0', 64), 10);
        request = request with { Document = request.Document with { Content = absent } };

        var outcome = await _channel.DeliverAsync(request, CancellationToken.None);

        var failure = Assert.IsType<DeliveryOutcome.TechnicalFailure>(outcome);
        Assert.StartsWith("content not available: ", failure.Detail);
        Assert.Empty(recipient.Received);
    }

    [Fact]
    public async Task Without_an_aanleverkenmerk_its_header_is_left_out()
    {
        await using var recipient = await LoopbackRecipient.StartAsync();
        var request = await RequestAsync(recipient.Endpoint);
        request = request with { Envelope = request.Envelope with { Aanleverkenmerk = null } };

        await _channel.DeliverAsync(request, CancellationToken.None);

        Assert.False(Assert.Single(recipient.Received).Headers.ContainsKey("Digipoort-Aanleverkenmerk"));
    }

    [Fact]
    public async Task Line_breaks_in_header_values_cannot_inject_headers()
    {
        await using var recipient = await LoopbackRecipient.StartAsync();
        var request = await RequestAsync(recipient.Endpoint);
        request = request with { Envelope = request.Envelope with { Aanleverkenmerk = "AK-1\r\nX-Injected: yes" } };

        var outcome = await _channel.DeliverAsync(request, CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        var headers = Assert.Single(recipient.Received).Headers;
        Assert.Equal("AK-1??X-Injected: yes", headers["Digipoort-Aanleverkenmerk"]);
        Assert.False(headers.ContainsKey("X-Injected"));
    }

    [Fact]
    public async Task A_non_ascii_file_name_travels_as_filename_star()
    {
        await using var recipient = await LoopbackRecipient.StartAsync();
        var request = await RequestAsync(recipient.Endpoint, fileName: "jaarrekening \"2026\" €.xbrl");

        await _channel.DeliverAsync(request, CancellationToken.None);

        var disposition = ContentDispositionHeaderValue.Parse(Assert.Single(recipient.Received).Headers["Content-Disposition"]);
        Assert.Equal("jaarrekening \"2026\" €.xbrl", disposition.FileNameStar);
        Assert.Equal("jaarrekening _2026_ _.xbrl", disposition.FileName);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "Delivered")]
    [InlineData(HttpStatusCode.Created, "Delivered")]
    [InlineData(HttpStatusCode.Accepted, "Delivered")]
    [InlineData(HttpStatusCode.NoContent, "Delivered")]
    [InlineData((HttpStatusCode)299, "Delivered")]
    [InlineData(HttpStatusCode.MovedPermanently, "TechnicalFailure")]
    [InlineData(HttpStatusCode.Found, "TechnicalFailure")]
    [InlineData(HttpStatusCode.PermanentRedirect, "TechnicalFailure")]
    [InlineData(HttpStatusCode.BadRequest, "Refused")]
    [InlineData(HttpStatusCode.Unauthorized, "Refused")]
    [InlineData(HttpStatusCode.Forbidden, "Refused")]
    [InlineData(HttpStatusCode.NotFound, "Refused")]
    [InlineData(HttpStatusCode.RequestTimeout, "TechnicalFailure")]
    [InlineData(HttpStatusCode.Conflict, "Refused")]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, "Refused")]
    [InlineData(HttpStatusCode.UnsupportedMediaType, "Refused")]
    [InlineData(HttpStatusCode.UnprocessableEntity, "Refused")]
    [InlineData(HttpStatusCode.TooManyRequests, "TechnicalFailure")]
    [InlineData((HttpStatusCode)499, "Refused")]
    [InlineData(HttpStatusCode.InternalServerError, "TechnicalFailure")]
    [InlineData(HttpStatusCode.BadGateway, "TechnicalFailure")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "TechnicalFailure")]
    [InlineData(HttpStatusCode.GatewayTimeout, "TechnicalFailure")]
    public void Classify_maps_each_status_to_its_outcome(HttpStatusCode status, string expected)
    {
        var outcome = HttpPushChannel.Classify(status);

        Assert.Equal(expected, outcome.GetType().Name);
        switch (outcome)
        {
            case DeliveryOutcome.Delivered delivered:
                Assert.Equal((int)status, delivered.HttpStatus);
                break;
            case DeliveryOutcome.Refused refused:
                Assert.Equal((int)status, refused.HttpStatus);
                Assert.StartsWith($"HTTP {(int)status}", refused.Detail);
                break;
            case DeliveryOutcome.TechnicalFailure failure:
                Assert.StartsWith($"HTTP {(int)status}", failure.Detail);
                break;
        }
    }

    private async Task<DeliveryRequest> RequestAsync(
        Uri endpoint, byte[]? content = null, TimeSpan? attemptTimeout = null, string fileName = "aangifte.xml")
    {
        await using var staged = await _blobs.StageAsync(
            new MemoryStream(content ?? "<aangifte/>"u8.ToArray()), long.MaxValue, CancellationToken.None);
        var document = new Document("application/xml", fileName, await staged.CommitAsync(CancellationToken.None));
        var envelope = new MessageEnvelope(
            Berichtsoort: "OB-Aangifte",
            Aanleverkenmerk: "AK-2026-0001",
            EerderAanleverkenmerk: null,
            IdentiteitBelanghebbende: new Identiteit("123456789B01", "BTW"),
            RolBelanghebbende: "Bedrijf",
            IdentiteitOntvanger: null,
            RolOntvanger: null,
            BerichtInhoud: document,
            BerichtBijlagen: [],
            AutorisatieAdres: null);
        var recipient = new Recipient("belastingdienst", "00000001003214345000", endpoint, attemptTimeout ?? Patience);
        return new DeliveryRequest(
            Kenmerk.New(), SenderIdentity.From("00000001234567890000"), envelope, recipient, document, Attempt: 1);
    }

    /// <summary>A port that was just free: bound, then released, so nothing listens on it.</summary>
    private static int UnusedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
