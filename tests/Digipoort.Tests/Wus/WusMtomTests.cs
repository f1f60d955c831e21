using System.Text;
using System.Xml.Linq;
using Digipoort.Actors.Domain;
using Digipoort.Tests.Api;
using Digipoort.Tests.Support;
using Digipoort.WusClient;

namespace Digipoort.Tests.Wus;

/// <summary>
/// MTOM (SOAP 1.1 + XOP in multipart/related) on the AanleverService, built as WCF with MessageEncoding=Mtom
/// builds it (signed over base64 inhoud, then optimized), over mutual TLS, answered by a real node.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class WusMtomTests(WusFixture wus) : IClassFixture<WusFixture>
{
    private const string Belanghebbende = "001000044B37";
    private static readonly string AanleverAction = DigipoortWusClient.RequestAction(WusServiceName.Aanlever, "aanleveren");

    /// <summary>An attachment large enough to travel as its own MIME part, recognisable in the delivery.</summary>
    private static readonly byte[] Bijlage = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"bijlage-{i:D4};")));

    [Fact]
    public async Task An_mtom_submission_is_accepted_and_its_statuses_run_from_105_to_400()
    {
        var client = wus.Client();
        var message = client.BuildMtomRequest(WusServiceName.Aanlever, "aanleveren", Aanleveren("mtom-flow-1", bijlagen:
        [
            ("text/plain", "groot.txt", Bijlage),
            ("text/plain", "klein.txt", "inline"u8.ToArray()),
        ]));
        Assert.Equal(3, message.Parts.Count); // the root, the document, the large attachment; the small one stays inline (as WCF does)

        var accepted = WusAssert.Response(await client.PostMtomAsync(WusServiceName.Aanlever, message, AanleverAction),
            WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);
        var kenmerk = WusAssert.Text(accepted, "kenmerk");

        var statuses = await wus.StatusesOnceDeliveredAsync(client, kenmerk);
        Assert.Equal(["105", "100", "110", "200", "301", "405", "400"], statuses);

        var delivered = Assert.Single(wus.Recipient.Received, r => r.Headers["Digipoort-Kenmerk"] == kenmerk);
        var body = Encoding.UTF8.GetString(delivered.Body);
        Assert.Contains(Encoding.UTF8.GetString(GatewayClient.ValidDocument), body);
        Assert.Contains(Encoding.ASCII.GetString(Bijlage), body);
        Assert.Contains("inline", body);
    }

    [Fact]
    public async Task The_client_option_sends_aanleveren_as_mtom_and_status_calls_as_text_xml()
    {
        var client = new DigipoortWusClient(wus.Node.TlsClient(wus.Pki.Clients["sender"]), wus.Node.TlsAddress, new WusSigner(wus.Pki.Clients["sender"]))
        {
            Mtom = true,
        };

        var accepted = WusAssert.Response(await client.SendAsync(WusServiceName.Aanlever, "aanleveren", Aanleveren("mtom-option-1")),
            WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);
        var status = await client.SendAsync(WusServiceName.Statusinformatie, "getStatussenProces",
            WusRequests.ByKenmerk("getStatussenProces", WusAssert.Text(accepted, "kenmerk")));

        WusAssert.Response(status, WusServiceName.Statusinformatie, "getStatussenProces", wus.Pki.Server);
    }

    [Fact]
    public async Task Parts_that_arrive_before_the_root_part_named_by_start_are_accepted()
    {
        var client = wus.Client();
        var message = client.BuildMtomRequest(WusServiceName.Aanlever, "aanleveren", Aanleveren(null));
        message.Parts.Reverse();

        var response = await client.PostMtomAsync(WusServiceName.Aanlever, message, AanleverAction);

        WusAssert.Response(response, WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);
    }

    [Fact]
    public async Task A_request_signed_by_SignedXml_over_base64_inhoud_is_accepted_as_mtom()
    {
        var client = wus.Client();
        var envelope = client.CreateEnvelope(WusServiceName.Aanlever, "aanleveren", Aanleveren(null));
        WusInteropTests.SignWithSignedXml(envelope, wus.Pki.Clients["sender"]);
        var message = MtomEncoder.Encode(envelope);
        Assert.Equal(2, message.Parts.Count);

        var response = await client.PostMtomAsync(WusServiceName.Aanlever, message, AanleverAction);

        WusAssert.Response(response, WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);
    }

    [Fact]
    public async Task An_attachment_changed_after_signing_is_refused_with_ALS100()
    {
        var (client, message) = Signed();
        var document = message.Parts[1];
        var tampered = (byte[])document.Content.Clone();
        tampered[^20] ^= 0x01;
        message.Parts[1] = document with { Content = tampered };

        var fault = await RefusedAsync(client, message, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("digest of Body", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task An_include_of_a_missing_part_is_refused_with_ALS100()
    {
        var (client, message) = Signed();
        message.Parts.RemoveAt(1);

        var fault = await RefusedAsync(client, message, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("no MIME part has that Content-ID", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task A_part_referenced_twice_is_refused_with_ALS100()
    {
        var client = wus.Client();
        var message = client.BuildMtomRequest(WusServiceName.Aanlever, "aanleveren", Aanleveren(null, bijlagen: [("text/plain", "b.txt", Bijlage)]));
        message.RootXml = message.RootXml.Replace(message.Parts[2].ContentId, message.Parts[1].ContentId, StringComparison.Ordinal);

        var fault = await RefusedAsync(client, message, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("more than one xop:Include", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task Unreferenced_parts_are_tolerated_up_to_a_small_cap_and_refused_beyond_it()
    {
        var (client, within) = Signed();
        within.Parts.Add(new MtomPart("extra-1@test", "application/octet-stream", "binary", Bijlage));
        WusAssert.Response(await client.PostMtomAsync(WusServiceName.Aanlever, within, AanleverAction), WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);

        var (_, beyond) = Signed();
        for (var i = 0; i < 3; i++) beyond.Parts.Add(new MtomPart($"extra-{i}@test", "application/octet-stream", "binary", Bijlage));
        var fault = await RefusedAsync(client, beyond, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("not referenced", fault.Foutbeschrijving);
    }

    [Theory]
    [InlineData("type=\"application/soap+xml\"", "type=")]
    [InlineData("start=\"<nobody@test>\"", "start parameter")]
    [InlineData("start-info=\"application/soap+xml\"", "start-info")]
    public async Task A_wrong_type_start_or_start_info_parameter_is_refused_with_ALS100(string parameter, string expected)
    {
        var (client, message) = Signed();
        var name = parameter[..parameter.IndexOf('=', StringComparison.Ordinal)];
        message.ContentType = string.Join(';', message.ContentType.Split(';').Select(p => p.StartsWith(name + "=", StringComparison.Ordinal) ? parameter : p));

        var fault = await RefusedAsync(client, message, FaultCodes.AanleverRequestInvalid);

        Assert.Contains(expected, fault.Foutbeschrijving);
    }

    [Fact]
    public async Task A_nested_multipart_is_refused_with_ALS100()
    {
        var (client, message) = Signed();
        message.Parts[1] = message.Parts[1] with { ContentType = "multipart/mixed; boundary=inner" };

        var fault = await RefusedAsync(client, message, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("Nested multipart", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task A_part_in_base64_transfer_encoding_is_refused_with_ALS100()
    {
        var (client, message) = Signed();
        message.Parts[1] = message.Parts[1] with { TransferEncoding = "base64", Content = Encoding.ASCII.GetBytes(Convert.ToBase64String(message.Parts[1].Content)) };

        var fault = await RefusedAsync(client, message, FaultCodes.AanleverRequestInvalid);

        Assert.Contains("Content-Transfer-Encoding", fault.Foutbeschrijving);
    }

    [Fact]
    public async Task A_truncated_mime_body_is_refused_with_ALS100_and_nothing_is_stored()
    {
        var (client, message) = Signed();
        var bytes = message.ToBytes();
        var before = wus.Blobs();

        var response = await client.PostAsync(WusServiceName.Aanlever, bytes[..(bytes.Length - 600)], AanleverAction, message.ContentType);

        Assert.Contains("truncated", WusAssert.Fault(response, FaultCodes.AanleverRequestInvalid).Foutbeschrijving);
        Assert.Equal(before, wus.Blobs());
    }

    [Fact]
    public async Task A_part_over_the_inhoud_limit_is_refused_with_ALS140_and_nothing_is_stored()
    {
        var client = wus.Client();
        var large = Encoding.ASCII.GetBytes("<a>" + new string('x', (int)GatewayFixture.MaxContentBytes) + "</a>");
        var message = client.BuildMtomRequest(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Omzetbelasting", null, Belanghebbende, large));

        await RefusedAsync(client, message, FaultCodes.ContentTooLarge);
    }

    [Fact]
    public async Task An_include_in_a_text_xml_request_is_refused_with_ALS100()
    {
        var (client, message) = Signed();

        var response = await client.PostAsync(WusServiceName.Aanlever, Encoding.UTF8.GetBytes(message.RootXml), AanleverAction);

        Assert.Contains("MTOM", WusAssert.Fault(response, FaultCodes.AanleverRequestInvalid).Foutbeschrijving);
    }

    [Fact]
    public async Task The_status_service_refuses_mtom_with_STS100()
    {
        var client = wus.Client();
        var envelope = client.CreateEnvelope(WusServiceName.Statusinformatie, "getBerichtsoorten", WusRequests.Berichtsoorten(Belanghebbende));
        client.Sign(envelope);

        var response = await client.PostMtomAsync(WusServiceName.Statusinformatie, MtomEncoder.Encode(envelope),
            DigipoortWusClient.RequestAction(WusServiceName.Statusinformatie, "getBerichtsoorten"));

        WusAssert.Fault(response, FaultCodes.StatusRequestInvalid);
    }

    private static XElement Aanleveren(string? aanleverkenmerk, IEnumerable<(string, string, byte[])>? bijlagen = null) =>
        WusRequests.Aanleveren("Omzetbelasting", aanleverkenmerk, Belanghebbende, GatewayClient.ValidDocument, bijlagen: bijlagen);

    /// <summary>A signed MTOM aanleverRequest: the root part and the document's part.</summary>
    private (DigipoortWusClient Client, MtomMessage Message) Signed()
    {
        var client = wus.Client();
        var message = client.BuildMtomRequest(WusServiceName.Aanlever, "aanleveren", Aanleveren(null));
        Assert.Equal(2, message.Parts.Count);
        return (client, message);
    }

    private async Task<WusFault> RefusedAsync(DigipoortWusClient client, MtomMessage message, string foutcode)
    {
        var before = wus.Blobs();
        var response = await client.PostMtomAsync(WusServiceName.Aanlever, message, AanleverAction);
        var fault = WusAssert.Fault(response, foutcode);
        Assert.Equal(before, wus.Blobs());
        return fault;
    }
}
