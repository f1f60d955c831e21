using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Actors.Domain;
using Digipoort.Node.Pki;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

/// <summary>
/// Senders over real mutual TLS on loopback, with certificates from the node's own development PKI
/// (created on the node's first run) and the PKI code's factory for the bad ones.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class MutualTlsApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Demo = TestNode.Sender;

    private TestNode Node => gateway.Node;
    private DevPkiMaterial Pki => DevPki.Load(Node.PkiDirectory);

    [Fact]
    public async Task A_sender_with_a_valid_certificate_submits_and_follows_its_message_identified_by_its_oin()
    {
        using var client = Node.TlsClient(Pki.Clients["sender"]);

        var accepted = await client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();
        var statuses = await client.WaitForStatusAsync(accepted.Kenmerk, DigipoortStatus.AfleverenGelukt);

        Assert.Equal("200", statuses[3].Statuscode);
        var delivered = Assert.Single(gateway.Recipient.Received, r => r.Headers["Digipoort-Kenmerk"] == accepted.Kenmerk);
        Assert.Equal(Demo, delivered.Headers["Digipoort-Afzender"]);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_handshake_is_refused()
    {
        using var client = Node.TlsClient(certificate: null);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/api/v1/message-types"));
    }

    public static TheoryData<string, string> RefusedCertificates => new()
    {
        { "expired", "expired" },
        { "not-yet-valid", "not valid before" },
        { "untrusted", "trust" },
        { "server-only", "client" },
        { "no-oin", "serialNumber" },
    };

    [Theory]
    [MemberData(nameof(RefusedCertificates))]
    public async Task A_refused_certificate_gets_403_AUS200_with_the_reason_and_nothing_is_stored(string kind, string reason)
    {
        var before = Blobs();
        using var client = Node.TlsClient(Issue(kind));

        using var response = await client.SubmitMultipartAsync(GatewayClient.ValidDocument);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(FaultCodes.CertificateRefused, problem.GetProperty("faultCode").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, Blobs());
    }

    [Fact]
    public async Task A_certificate_revoked_in_the_crl_is_refused_on_its_next_connection()
    {
        var issued = DevPki.IssueClient(Node.PkiDirectory, "to-revoke", Demo);
        using (var before = Node.TlsClient(issued.Certificate))
            Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/api/v1/message-types")).StatusCode);

        DevPki.Revoke(Node.PkiDirectory, issued.Certificate.SerialNumber);

        using var after = Node.TlsClient(issued.Certificate);
        using var response = await after.GetAsync("/api/v1/message-types");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("revoked", (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_intermediary_certificate_is_authorised_by_its_mandate_and_refused_without_one()
    {
        using var client = Node.TlsClient(Pki.Clients["intermediary"]);

        var mandated = await client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();
        var unmandated = await client.SubmitJsonForAsync(new Actors.Domain.Identiteit("001000099B01", "Fi"));

        Assert.Equal("200", mandated.Statussen[^1].Statuscode);
        Assert.Equal("210", unmandated.Statussen[^1].Statuscode);
    }

    [Fact]
    public async Task Another_senders_message_answers_like_an_unknown_kenmerk_over_mutual_tls()
    {
        using var owner = Node.TlsClient(Pki.Clients["sender"]);
        using var stranger = Node.TlsClient(Pki.Clients["operator"]);
        var accepted = await owner.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();

        using var response = await stranger.GetAsync($"/api/v1/messages/{accepted.Kenmerk}/statuses");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(FaultCodes.UnknownKenmerk, (await response.ProblemAsync()).GetProperty("faultCode").GetString());
    }

    private X509Certificate2 Issue(string kind) => DevPki.IssueClient(Node.PkiDirectory, $"bad-{kind}", kind == "no-oin" ? null : Demo, kind switch
    {
        "expired" => new ClientCertificateOptions { NotBefore = DateTimeOffset.UtcNow.AddDays(-30), NotAfter = DateTimeOffset.UtcNow.AddDays(-1) },
        "not-yet-valid" => new ClientCertificateOptions { NotBefore = DateTimeOffset.UtcNow.AddDays(1), NotAfter = DateTimeOffset.UtcNow.AddDays(30) },
        "untrusted" => new ClientCertificateOptions { FromUntrustedLookalikeCa = true },
        "server-only" => new ClientCertificateOptions { Usage = ClientCertificateUsage.ServerAuthOnly },
        _ => new ClientCertificateOptions(),
    }).Certificate;

    private HashSet<string> Blobs()
    {
        var root = Path.Combine(gateway.DataDirectory, "blobs");
        return Directory.Exists(root) ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)] : [];
    }
}

[Collection(NodeCollection.Name)]
public sealed class PlainHttpApiTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Without_development_identities_the_api_refuses_requests_without_a_certificate_with_401_ALS120()
    {
        await using var node = await TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Development:AllowSenderHeader"] = "false",
            ["Digipoort:Development:SenderIdentity"] = "",
        });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/message-types");
        request.Headers.Add("X-Digipoort-Sender", TestNode.Sender); // claimed, not proven: ignored
        using var response = await node.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(FaultCodes.SenderUnknown, (await response.ProblemAsync()).GetProperty("faultCode").GetString());
    }

    public void Dispose() => _data.Dispose();
}

[Collection(NodeCollection.Name)]
public sealed class OperatorApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Only_an_operator_certificate_opens_the_operator_api_and_it_sees_any_senders_message()
    {
        var pki = DevPki.Load(gateway.Node.PkiDirectory);
        using var sender = gateway.Node.TlsClient(pki.Clients["sender"]);
        using var @operator = gateway.Node.TlsClient(pki.Clients["operator"]);
        var accepted = await sender.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();

        using var asSender = await sender.GetAsync($"/ops/v1/messages/{accepted.Kenmerk}");
        using var asDevelopmentIdentity = await gateway.Node.Client.GetAsync($"/ops/v1/messages/{accepted.Kenmerk}");
        var asOperator = await @operator.GetStringAsync($"/ops/v1/messages/{accepted.Kenmerk}");

        Assert.Equal(HttpStatusCode.Forbidden, asSender.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asDevelopmentIdentity.StatusCode);
        Assert.Contains($"\"afzender\":\"{TestNode.Sender}\"", asOperator);
        Assert.Contains(accepted.Kenmerk, asOperator);
    }

    [Fact]
    public async Task Operators_see_the_catalogue_in_force_and_senders_do_not()
    {
        var pki = DevPki.Load(gateway.Node.PkiDirectory);
        using var sender = gateway.Node.TlsClient(pki.Clients["sender"]);
        using var @operator = gateway.Node.TlsClient(pki.Clients["operator"]);

        using var asSender = await sender.GetAsync("/ops/v1/catalogue");
        var catalogue = (await @operator.GetFromJsonAsync<Digipoort.Api.Operations.OperatorCatalogueResponse>("/ops/v1/catalogue",
            GatewayClient.Json))!;

        Assert.Equal(HttpStatusCode.Forbidden, asSender.StatusCode);
        Assert.Equal(["Factuur", "Factuurbatch", "Jaarverantwoording", "Omzetbelasting"], catalogue.Berichtsoorten.Select(b => b.Berichtsoort));
        Assert.Equal("Factuur", catalogue.Berichtsoorten.Single(b => b.Berichtsoort == "Factuurbatch").Batch);
        Assert.Empty(catalogue.Geweigerd);
    }
}
