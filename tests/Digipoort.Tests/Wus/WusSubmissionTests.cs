using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Xml;
using Digipoort.Actors.Domain;
using Digipoort.Api.Receipts;
using Digipoort.Api.Wus;
using Digipoort.Tests.Support;
using Digipoort.WusClient;

namespace Digipoort.Tests.Wus;

/// <summary>Requests built and signed like the real clients (wus-js/wus.core), over mutual TLS, answered by a real node.</summary>
[Collection(NodeCollection.Name)]
public sealed class WusSubmissionTests(WusFixture wus) : IClassFixture<WusFixture>
{
    private const string Belanghebbende = "001000044B37";

    [Fact]
    public async Task A_submission_is_accepted_and_its_statuses_run_from_105_to_400_through_the_status_service()
    {
        var client = wus.Client();
        var response = await client.SendAsync(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Omzetbelasting", "wus-flow-1", Belanghebbende, GatewayClient.ValidDocument));

        var accepted = WusAssert.Response(response, WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);
        var kenmerk = WusAssert.Text(accepted, "kenmerk");
        Assert.True(Kenmerk.TryParse(kenmerk, out _));
        Assert.Equal("wus-flow-1", WusAssert.Text(accepted, "aanleverkenmerk"));

        var statuses = await wus.StatusesOnceDeliveredAsync(client, kenmerk);

        Assert.Equal(["105", "100", "110", "200", "301", "405", "400"], statuses);
        var delivered = Assert.Single(wus.Recipient.Received, r => r.Headers["Digipoort-Kenmerk"] == kenmerk);
        Assert.Equal(GatewayClient.ValidDocument, delivered.Body);
    }

    [Fact]
    public async Task The_aanleverResponse_carries_the_latest_status_and_the_signed_receipt_that_REST_hands_out_and_a_repeat_the_same()
    {
        var client = wus.Client();
        var request = WusRequests.Aanleveren("Omzetbelasting", "wus-receipt-1", Belanghebbende, GatewayClient.ValidDocument);

        var first = WusAssert.Response(await client.SendAsync(WusServiceName.Aanlever, "aanleveren", request),
            WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);
        var repeat = WusAssert.Response(await client.SendAsync(WusServiceName.Aanlever, "aanleveren", request),
            WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);

        Assert.Equal("200", WusAssert.Text(first, "statuscode"));
        var receipt = WusReceipt.Parse(WusAssert.Text(first, "statusdetails"))!;
        Assert.Equal(receipt.Inhoud, WusReceipt.Parse(WusAssert.Text(repeat, "statusdetails"))!.Inhoud);
        using var verified = await wus.Node.Client.PostAsJsonAsync("/api/v1/receipts/verify", receipt);
        var answer = await verified.Content.ReadFromJsonAsync<ReceiptVerificationResponse>(GatewayClient.Json);
        Assert.True(answer!.Geldig, answer.Reden);
        Assert.Equal(WusAssert.Text(first, "kenmerk"), answer.Ontvangstbewijs!.Kenmerk);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(GatewayClient.ValidDocument)), Assert.Single(answer.Ontvangstbewijs.Hashes).Sha256);
    }

    [Fact]
    public async Task The_response_relates_to_the_request_message_id()
    {
        var client = wus.Client();
        var envelope = client.CreateEnvelope(WusServiceName.Statusinformatie, "getBerichtsoorten", WusRequests.Berichtsoorten(Belanghebbende));
        client.Sign(envelope);
        var messageId = envelope.GetElementsByTagName("MessageID", "http://www.w3.org/2005/08/addressing")[0]!.InnerText;

        var response = await client.PostAsync(WusServiceName.Statusinformatie, DigipoortWusClient.Serialize(envelope),
            DigipoortWusClient.RequestAction(WusServiceName.Statusinformatie, "getBerichtsoorten"));

        var payload = WusAssert.Response(response, WusServiceName.Statusinformatie, "getBerichtsoorten", wus.Pki.Server);
        Assert.Equal(messageId, response.Addressing("RelatesTo"));
        // The demo catalogue, in the gateway's (ordinal) order.
        Assert.Equal(["Factuur", "Factuurbatch", "Jaarverantwoording", "Omzetbelasting"],
            WusAssert.All(payload, "berichtsoort").Select(e => e.InnerText));
    }

    [Fact]
    public async Task New_statuses_are_handed_out_once_per_requester_and_the_process_is_listed()
    {
        var client = wus.Client();
        var accepted = WusAssert.Response(await client.SendAsync(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Omzetbelasting", "wus-new-1", Belanghebbende, GatewayClient.ValidDocument)),
            WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);
        var kenmerk = WusAssert.Text(accepted, "kenmerk");
        await Eventually.UntilAsync(async () => WusAssert.All(WusAssert.Response(await client.SendAsync(WusServiceName.Statusinformatie,
            "getStatussenProces", WusRequests.ByKenmerk("getStatussenProces", kenmerk)), WusServiceName.Statusinformatie,
            "getStatussenProces", wus.Pki.Server), "statuscode").Any(s => s.InnerText == "400"), TimeSpan.FromSeconds(30), "delivered");

        var first = await NewStatusesAsync(client, kenmerk);
        var second = await NewStatusesAsync(client, kenmerk);

        Assert.Equal(["105", "100", "110", "200", "301", "405", "400"], first);
        Assert.Empty(second);

        var processen = await Eventually.ValueAsync(async () => WusAssert.All(WusAssert.Response(await client.SendAsync(
                WusServiceName.Statusinformatie, "getProcessen", WusRequests.ByBerichtsoort("getProcessen", "Omzetbelasting", Belanghebbende)),
                WusServiceName.Statusinformatie, "getProcessen", wus.Pki.Server), "kenmerk").Select(k => k.InnerText).ToList(),
            ks => ks.Contains(kenmerk), TimeSpan.FromSeconds(30), "the projection lists the process");
        Assert.Contains(kenmerk, processen);
    }

    [Fact]
    public async Task New_statuses_of_a_berichtsoort_come_from_the_read_model_as_the_message_wrote_them_and_are_handed_out_once()
    {
        const string belanghebbende = "001000077B21"; // this test's own, so that no other test's statuses mix in
        var client = wus.Client();
        var kenmerk = WusAssert.Text(WusAssert.Response(await client.SendAsync(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Omzetbelasting", "wus-nieuwe-soort-1", belanghebbende, GatewayClient.ValidDocument)),
            WusServiceName.Aanlever, "aanleveren", wus.Pki.Server), "kenmerk");
        var fromTheMessage = await wus.StatusesOnceDeliveredAsync(client, kenmerk);

        // The read model follows the journal a moment behind: ask until the last status is there, then once more.
        var handed = new List<XmlElement>();
        await Eventually.UntilAsync(async () =>
        {
            handed.AddRange(WusAssert.All(WusAssert.Response(await client.SendAsync(WusServiceName.Statusinformatie, "getNieuweStatussen",
                WusRequests.ByBerichtsoort("getNieuweStatussen", "Omzetbelasting", belanghebbende)), WusServiceName.Statusinformatie,
                "getNieuweStatussen", wus.Pki.Server), "StatusResultaat"));
            return handed.Any(s => WusAssert.Text(s, "statuscode") == "400");
        }, TimeSpan.FromSeconds(30), "the read model has the delivery");
        var again = WusAssert.All(WusAssert.Response(await client.SendAsync(WusServiceName.Statusinformatie, "getNieuweStatussen",
            WusRequests.ByBerichtsoort("getNieuweStatussen", "Omzetbelasting", belanghebbende)), WusServiceName.Statusinformatie,
            "getNieuweStatussen", wus.Pki.Server), "StatusResultaat");

        Assert.Equal(fromTheMessage, handed.Select(s => WusAssert.Text(s, "statuscode")));
        Assert.All(handed, s => Assert.Equal(kenmerk, WusAssert.Text(s, "kenmerk")));
        Assert.Empty(again);
    }

    private async Task<List<string>> NewStatusesAsync(DigipoortWusClient client, string kenmerk) =>
        [.. WusAssert.All(WusAssert.Response(await client.SendAsync(WusServiceName.Statusinformatie, "getNieuweStatussenProces",
            WusRequests.ByKenmerk("getNieuweStatussenProces", kenmerk)), WusServiceName.Statusinformatie, "getNieuweStatussenProces",
            wus.Pki.Server), "statuscode").Select(s => s.InnerText)];

    [Fact]
    public async Task The_served_wsdl_parses_and_names_the_gateways_own_address_and_schema()
    {
        using var http = wus.Node.TlsClient(wus.Pki.Clients["sender"]);
        foreach (var service in new[] { "aanleverservice", "statusinformatieservice", "ophaalservice" })
        {
            var wsdl = new XmlDocument { XmlResolver = null };
            using (var reader = XmlReader.Create(await http.GetStreamAsync($"/wus/2.0/{service}/1.2?wsdl"),
                       new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
                wsdl.Load(reader);

            var address = wsdl.GetElementsByTagName("address", "http://schemas.xmlsoap.org/wsdl/soap/")[0]!.Attributes!["location"]!.Value;
            Assert.Equal(new Uri(wus.Node.TlsAddress, $"/wus/2.0/{service}/1.2"), new Uri(address));
            var import = (XmlElement)wsdl.GetElementsByTagName("import", "http://www.w3.org/2001/XMLSchema")[0]!;
            var schema = await http.GetStringAsync(import.GetAttribute("schemaLocation"));
            Assert.Contains("targetNamespace=\"http://logius.nl/digipoort/koppelvlakservices/1.2/\"", schema);
        }
    }
}
