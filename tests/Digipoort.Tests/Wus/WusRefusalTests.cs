using System.Text;
using System.Xml;
using Digipoort.Actors.Domain;
using Digipoort.Tests.Api;
using Digipoort.Tests.Processing;
using Digipoort.Tests.Support;
using Digipoort.WusClient;
using Microsoft.Extensions.Time.Testing;

namespace Digipoort.Tests.Wus;

/// <summary>Requests the gateway must refuse, each with its Digipoort fault and nothing stored.</summary>
[Collection(NodeCollection.Name)]
public sealed class WusRefusalTests(WusFixture wus) : IClassFixture<WusFixture>
{
    private const string Wsa = "http://www.w3.org/2005/08/addressing";
    private const string Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    private static readonly string AanleverAction = DigipoortWusClient.RequestAction(WusServiceName.Aanlever, "aanleveren");

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_with_ALS100()
    {
        var (client, envelope) = SignedAanlever();
        Element(envelope, "berichtsoort").InnerText = "Loonaangifte";

        var fault = await RefusedAsync(client, envelope, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("digest of Body", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task A_signature_by_another_certificate_than_the_tls_one_is_refused_with_ALS100()
    {
        var client = wus.Client(tls: "sender", signer: wus.Pki.Clients["intermediary"]);
        var envelope = client.CreateEnvelope(WusServiceName.Aanlever, "aanleveren", Aanleveren());
        client.Sign(envelope);

        var fault = await RefusedAsync(client, envelope, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("other than the TLS client certificate", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task A_request_without_timestamp_is_refused_with_ALS100()
    {
        var (client, envelope) = SignedAanlever();
        var timestamp = Element(envelope, "Timestamp", Wsu);
        timestamp.ParentNode!.RemoveChild(timestamp);

        var fault = await RefusedAsync(client, envelope, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("wsu:Timestamp", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task An_expired_timestamp_is_refused_with_ALS100()
    {
        var client = new DigipoortWusClient(wus.Node.TlsClient(wus.Pki.Clients["sender"]), wus.Node.TlsAddress, new WusSigner(wus.Pki.Clients["sender"]))
        {
            Clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-30)),
        };
        var envelope = client.CreateEnvelope(WusServiceName.Aanlever, "aanleveren", Aanleveren());
        client.Sign(envelope);

        var fault = await RefusedAsync(client, envelope, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("expired", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task A_timestamp_within_the_clock_skew_is_accepted()
    {
        var client = new DigipoortWusClient(wus.Node.TlsClient(wus.Pki.Clients["sender"]), wus.Node.TlsAddress, new WusSigner(wus.Pki.Clients["sender"]))
        {
            Clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(2)),
        };

        var response = await client.SendAsync(WusServiceName.Statusinformatie, "getBerichtsoorten", WusRequests.Berichtsoorten("001000044B37"));

        WusAssert.Response(response, WusServiceName.Statusinformatie, "getBerichtsoorten", wus.Pki.Server);
    }

    [Fact]
    public async Task An_unsigned_request_is_refused_with_ALS100()
    {
        var client = wus.Client();
        var envelope = client.CreateEnvelope(WusServiceName.Aanlever, "aanleveren", Aanleveren());

        var fault = await RefusedAsync(client, envelope, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("not signed", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task An_action_of_another_service_is_refused_with_ALS100_and_the_request_message_id_is_related()
    {
        var client = wus.Client();
        var envelope = client.CreateEnvelope(WusServiceName.Aanlever, "aanleveren", Aanleveren());
        var wrong = DigipoortWusClient.RequestAction(WusServiceName.Statusinformatie, "getStatussenProces");
        Element(envelope, "Action", Wsa).InnerText = wrong;
        client.Sign(envelope);

        var response = await client.PostAsync(WusServiceName.Aanlever, DigipoortWusClient.Serialize(envelope), wrong);

        var fault = WusAssert.Fault(response, FaultCodes.AanleverRequestInvalid);
        Assert.Contains("names no operation", fault.Foutbeschrijving);
        Assert.Equal(Element(envelope, "MessageID", Wsa).InnerText, response.Addressing("RelatesTo"));
    }

    [Fact]
    public async Task An_unknown_operation_is_refused_with_ALS100()
    {
        var client = wus.Client();
        var envelope = client.CreateEnvelope(WusServiceName.Aanlever, "aanleveren", Aanleveren());
        var unknown = AanleverAction.Replace("aanleverenRequest", "intrekkenRequest", StringComparison.Ordinal);
        Element(envelope, "Action", Wsa).InnerText = unknown;
        client.Sign(envelope);

        var response = await client.PostAsync(WusServiceName.Aanlever, DigipoortWusClient.Serialize(envelope), unknown);

        WusAssert.Fault(response, FaultCodes.AanleverRequestInvalid);
        Assert.Equal("http://www.w3.org/2005/08/addressing/fault", response.Addressing("Action"));
    }

    [Fact]
    public async Task A_soapaction_header_that_differs_from_wsa_action_is_refused()
    {
        var (client, envelope) = SignedAanlever();

        var response = await client.PostAsync(WusServiceName.Aanlever, DigipoortWusClient.Serialize(envelope),
            DigipoortWusClient.RequestAction(WusServiceName.Ophaal, "getBerichten"));

        Assert.Contains("SOAPAction", WusAssert.Fault(response, FaultCodes.AanleverRequestInvalid).Foutbeschrijving);
        Assert.Equal(DigipoortWusClient.FaultAction(WusServiceName.Aanlever, "aanleveren"), response.Addressing("Action"));
    }

    [Fact]
    public async Task A_body_that_breaks_the_schema_is_refused_with_ALS100()
    {
        var client = wus.Client();
        var request = Aanleveren();
        request.Element(WusRequests.Kv + "rolBelanghebbende")!.Remove();
        var envelope = client.CreateEnvelope(WusServiceName.Aanlever, "aanleveren", request);
        client.Sign(envelope);

        var fault = await RefusedAsync(client, envelope, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("schema", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task A_status_request_with_a_kenmerk_that_is_no_uuid_is_refused_with_STS100()
    {
        var response = await wus.Client().SendAsync(WusServiceName.Statusinformatie, "getStatussenProces",
            WusRequests.ByKenmerk("getStatussenProces", "not-a-kenmerk"));

        WusAssert.Fault(response, FaultCodes.StatusRequestInvalid);
    }

    [Fact]
    public async Task A_kenmerk_of_another_sender_is_answered_like_an_unknown_one()
    {
        var sender = wus.Client();
        var accepted = WusAssert.Response(await sender.SendAsync(WusServiceName.Aanlever, "aanleveren", Aanleveren()),
            WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);
        var kenmerk = WusAssert.Text(accepted, "kenmerk");

        var other = await wus.Client("operator").SendAsync(WusServiceName.Statusinformatie, "getStatussenProces",
            WusRequests.ByKenmerk("getStatussenProces", kenmerk));

        WusAssert.Fault(other, FaultCodes.UnknownKenmerk);
    }

    [Fact]
    public async Task A_wrapped_body_is_refused_the_signed_body_moved_into_a_header_does_not_count()
    {
        var (client, envelope) = SignedAanlever();
        var body = (XmlElement)envelope.GetElementsByTagName("Body", "http://schemas.xmlsoap.org/soap/envelope/")[0]!;
        var wrapper = envelope.CreateElement("w", "Wrapper", "urn:attacker");
        wrapper.AppendChild(body.CloneNode(deep: true));
        envelope.GetElementsByTagName("Header", "http://schemas.xmlsoap.org/soap/envelope/")[0]!.AppendChild(wrapper);
        body.RemoveAttribute("Id", Wsu);
        body.GetElementsByTagName("rolBelanghebbende", WusRequests.Kv.NamespaceName)[0]!.InnerText = "Intermediair";

        await RefusedAsync(client, envelope, FaultCodes.AanleverRequestInvalid);
    }

    [Fact]
    public async Task Xxe_billion_laughs_and_deep_nesting_are_refused_with_ALS100()
    {
        var client = wus.Client();
        var signed = Encoding.UTF8.GetString(DigipoortWusClient.Serialize(SignedAanlever().Envelope));
        var withoutDeclaration = signed[(signed.IndexOf("?>", StringComparison.Ordinal) + 2)..];
        var deep = signed.Replace("<rolBelanghebbende>", string.Concat(Enumerable.Repeat("<x>", 100)) + "<rolBelanghebbende>", StringComparison.Ordinal)
            .Replace("</rolBelanghebbende>", "</rolBelanghebbende>" + string.Concat(Enumerable.Repeat("</x>", 100)), StringComparison.Ordinal);
        var hostile = new[]
        {
            "<?xml version=\"1.0\"?>\n<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + withoutDeclaration.Replace("Omzetbelasting", "&xxe;", StringComparison.Ordinal),
            HostileXml.BillionLaughs(),
            deep,
        };
        var before = wus.Blobs();
        foreach (var xml in hostile)
        {
            var response = await client.PostAsync(WusServiceName.Aanlever, Encoding.UTF8.GetBytes(xml), AanleverAction);
            WusAssert.Fault(response, FaultCodes.AanleverRequestInvalid);
        }
        Assert.Equal(before, wus.Blobs());
    }

    [Fact]
    public async Task Inhoud_over_the_limit_is_refused_with_ALS140_and_nothing_is_stored()
    {
        var client = wus.Client();
        var before = wus.Blobs();
        var large = new byte[GatewayFixture.MaxContentBytes + 1];

        var response = await client.SendAsync(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Omzetbelasting", null, "001000044B37", large));

        WusAssert.Fault(response, FaultCodes.ContentTooLarge);
        Assert.Equal(before, wus.Blobs());
    }

    [Fact]
    public async Task Content_that_is_not_xml_is_refused_with_ALS100()
    {
        var response = await wus.Client().SendAsync(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Omzetbelasting", null, "001000044B37", "not xml"u8.ToArray()));

        WusAssert.Fault(response, FaultCodes.AanleverRequestInvalid);
    }

    private static System.Xml.Linq.XElement Aanleveren() =>
        WusRequests.Aanleveren("Omzetbelasting", null, "001000044B37", GatewayClient.ValidDocument);

    private (DigipoortWusClient Client, XmlDocument Envelope) SignedAanlever()
    {
        var client = wus.Client();
        var envelope = client.CreateEnvelope(WusServiceName.Aanlever, "aanleveren", Aanleveren());
        client.Sign(envelope);
        return (client, envelope);
    }

    private async Task<WusFault> RefusedAsync(DigipoortWusClient client, XmlDocument envelope, string foutcode)
    {
        var before = wus.Blobs();
        var response = await client.PostAsync(WusServiceName.Aanlever, DigipoortWusClient.Serialize(envelope), AanleverAction);
        var fault = WusAssert.Fault(response, foutcode);
        Assert.Equal(before, wus.Blobs());
        return fault;
    }

    private static XmlElement Element(XmlDocument doc, string localName, string namespaceUri = "http://logius.nl/digipoort/koppelvlakservices/1.2/") =>
        (XmlElement)doc.GetElementsByTagName(localName, namespaceUri)[0]!;
}
