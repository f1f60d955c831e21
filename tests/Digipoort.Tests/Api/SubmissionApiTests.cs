using System.Net;
using System.Text;
using Digipoort.Actors.Domain;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

[Collection(NodeCollection.Name)]
public sealed class SubmissionApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Node.Client;

    [Fact]
    public async Task A_valid_multipart_submission_is_accepted_and_delivered_through_400()
    {
        using var response = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument, aanleverkenmerk: "happy-" + Unique());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await Task.FromResult(response).AcceptedAsync();

        Assert.Equal($"/api/v1/messages/{accepted.Kenmerk}", response.Headers.Location?.OriginalString);
        Assert.Equal(["105", "100", "110", "200"], accepted.Statussen.Select(s => s.Statuscode));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", accepted.TijdstempelAangeleverd);

        var statuses = await Client.WaitForStatusAsync(accepted.Kenmerk, DigipoortStatus.AfleverenGelukt);
        Assert.Equal(["105", "100", "110", "200", "301", "405", "400"], statuses.Select(s => s.Statuscode));
        Assert.Equal("belastingdienst", statuses[^1].Ontvanger);

        var delivery = Assert.Single(gateway.Recipient.Received, r => r.Headers["Digipoort-Kenmerk"] == accepted.Kenmerk);
        Assert.Equal(GatewayClient.ValidDocument, delivery.Body);
        Assert.Equal($"{accepted.Kenmerk}:belastingdienst", delivery.Headers["Idempotency-Key"]);
        Assert.Equal("Omzetbelasting", delivery.Headers["Digipoort-Berichtsoort"]);
        Assert.Equal(TestNode.Sender, delivery.Headers["Digipoort-Afzender"]);
    }

    [Fact]
    public async Task A_valid_json_submission_with_base64_content_is_accepted_and_delivered()
    {
        var accepted = await Client.SubmitJsonAsync(GatewayClient.ValidDocument, aanleverkenmerk: "json-" + Unique()).AcceptedAsync();

        await Client.WaitForStatusAsync(accepted.Kenmerk, DigipoortStatus.AfleverenGelukt);
    }

    [Fact]
    public async Task A_schema_invalid_document_ends_with_311_and_findings_with_line_and_position()
    {
        var accepted = await Client.SubmitMultipartAsync(GatewayClient.InvalidDocument).AcceptedAsync();

        var statuses = await Client.WaitForStatusAsync(accepted.Kenmerk, DigipoortStatus.ValidatieNietGelukt);
        var rejected = statuses[^1];
        Assert.Equal(FaultCodes.ValidationFailed, rejected.StatusFoutcode?.Foutcode);
        Assert.True(rejected.Constateringen!.Count >= 3);
        Assert.All(rejected.Constateringen, c => Assert.True(c.Regel > 0 && c.Positie > 0 && c.Beschrijving.Length > 0));
        Assert.DoesNotContain(statuses, s => s.Statuscode.StartsWith('4'));
    }

    [Fact]
    public async Task The_same_submission_twice_returns_the_existing_kenmerk_and_is_delivered_once()
    {
        var reference = "dup-" + Unique();
        var first = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument, reference).AcceptedAsync();
        await Client.WaitForStatusAsync(first.Kenmerk, DigipoortStatus.AfleverenGelukt);

        using var again = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument, reference);
        var second = await Task.FromResult(again).AcceptedAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(second.AlreadySubmitted);
        Assert.Equal(first.Kenmerk, second.Kenmerk);
        Assert.Single(gateway.Recipient.Received, r => r.Headers["Digipoort-Kenmerk"] == first.Kenmerk);
    }

    [Fact]
    public async Task The_same_aanleverkenmerk_with_different_content_is_refused_with_ALS130()
    {
        var reference = "conflict-" + Unique();
        await Client.SubmitMultipartAsync(GatewayClient.ValidDocument, reference).AcceptedAsync();

        var other = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(GatewayClient.ValidDocument).Replace("</", "\n</", StringComparison.Ordinal));
        using var response = await Client.SubmitMultipartAsync(other, reference);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(FaultCodes.DuplicateAanleverkenmerk, (await response.ProblemAsync()).GetProperty("faultCode").GetString());
    }

    [Fact]
    public async Task An_unknown_berichtsoort_is_refused_with_ALS110()
    {
        using var response = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument, berichtsoort: "Bestaat_niet");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(FaultCodes.UnknownBerichtsoort, (await response.ProblemAsync()).GetProperty("faultCode").GetString());
    }

    [Fact]
    public async Task A_sender_not_authorised_for_the_berichtsoort_gets_210()
    {
        var accepted = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument, sender: "00000003999999990000").AcceptedAsync();

        Assert.Equal(["105", "100", "110", "210"], accepted.Statussen.Select(s => s.Statuscode));
        Assert.Equal(FaultCodes.NotAuthorised, accepted.Statussen[^1].StatusFoutcode?.Foutcode);
    }

    [Fact]
    public async Task Oversized_content_is_refused_with_413_ALS140()
    {
        var big = Encoding.UTF8.GetBytes("<a>" + new string('x', (int)GatewayFixture.MaxContentBytes) + "</a>");
        using var response = await Client.SubmitMultipartAsync(big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(FaultCodes.ContentTooLarge, (await response.ProblemAsync()).GetProperty("faultCode").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_ALS100_and_no_stack_trace()
    {
        using var response = await Client.PostAsync("/api/v1/messages", new StringContent("{\"berichtsoort\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(FaultCodes.AanleverRequestInvalid, problem.GetProperty("faultCode").GetString());
        Assert.DoesNotContain("   at ", problem.ToString());
    }

    [Theory]
    [InlineData("<Aangifte><niet-gesloten></Aangifte>")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>""")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>""")]
    public async Task Malformed_or_DTD_carrying_xml_is_refused_with_ALS100_and_nothing_is_stored(string xml)
    {
        var committedBefore = CommittedBlobs();
        using var response = await Client.SubmitMultipartAsync(Encoding.UTF8.GetBytes(xml), aanleverkenmerk: "hostile-" + Unique());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(FaultCodes.AanleverRequestInvalid, (await response.ProblemAsync()).GetProperty("faultCode").GetString());
        Assert.Equal(committedBefore, CommittedBlobs());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(gateway.DataDirectory, "blobs", "staging")));
    }

    [Fact]
    public async Task A_body_that_is_neither_json_nor_multipart_gets_415()
    {
        using var response = await Client.PostAsync("/api/v1/messages", new StringContent("<a/>", Encoding.UTF8, "text/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..16];

    private HashSet<string> CommittedBlobs()
    {
        var root = Path.Combine(gateway.DataDirectory, "blobs", "sha256");
        return Directory.Exists(root) ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)] : [];
    }
}
