using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using Digipoort.Tests.Support;
using Digipoort.WusClient;

namespace Digipoort.Tests.Wus;

/// <summary>
/// The gateway against an independent WS-Security implementation (System.Security.Cryptography.Xml's
/// SignedXml, as WCF-style clients use): it accepts what SignedXml signs, and SignedXml verifies what it signs.
/// Also the client variations of contract §9.3: quoted SOAPAction and SHA-256 signatures.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class WusInteropTests(WusFixture wus) : IClassFixture<WusFixture>
{
    private const string Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private const string Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    [Fact]
    public async Task A_request_signed_by_SignedXml_is_accepted()
    {
        var certificate = wus.Pki.Clients["sender"];
        var client = wus.Client();
        var envelope = client.CreateEnvelope(WusServiceName.Statusinformatie, "getBerichtsoorten", WusRequests.Berichtsoorten("001000044B37"));
        SignWithSignedXml(envelope, certificate);

        var response = await client.PostAsync(WusServiceName.Statusinformatie, DigipoortWusClient.Serialize(envelope),
            DigipoortWusClient.RequestAction(WusServiceName.Statusinformatie, "getBerichtsoorten"));

        WusAssert.Response(response, WusServiceName.Statusinformatie, "getBerichtsoorten", wus.Pki.Server);
    }

    [Fact]
    public async Task The_gateways_response_signature_verifies_with_SignedXml()
    {
        var response = await wus.Client().SendAsync(WusServiceName.Statusinformatie, "getBerichtsoorten", WusRequests.Berichtsoorten("001000044B37"));
        WusAssert.Response(response, WusServiceName.Statusinformatie, "getBerichtsoorten", wus.Pki.Server);

        var signature = (XmlElement)response.Envelope.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!;
        var signedXml = new WsuSignedXml(response.Envelope);
        signedXml.LoadXml(signature);

        Assert.Equal(6, signedXml.SignedInfo!.References.Count); // Body, Timestamp, Action, MessageID, RelatesTo, To
        Assert.True(signedXml.CheckSignature(wus.Pki.Server, verifySignatureOnly: true));
    }

    [Fact]
    public async Task A_quoted_soapaction_and_a_sha256_signature_are_accepted()
    {
        var certificate = wus.Pki.Clients["sender"];
        var client = new DigipoortWusClient(wus.Node.TlsClient(certificate), wus.Node.TlsAddress, new WusSigner(certificate, sha256: true))
        {
            QuoteSoapAction = true,
        };

        var response = await client.SendAsync(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Omzetbelasting", null, "001000044B37", GatewayClient.ValidDocument));

        WusAssert.Response(response, WusServiceName.Aanlever, "aanleveren", wus.Pki.Server);
    }

    /// <summary>Signs like a SignedXml-based client: Timestamp + token in wsse:Security, references by wsu:Id, exc-c14n, RSA-SHA1.</summary>
    internal static void SignWithSignedXml(XmlDocument envelope, X509Certificate2 certificate)
    {
        var header = (XmlElement)envelope.GetElementsByTagName("Header", "http://schemas.xmlsoap.org/soap/envelope/")[0]!;
        var security = envelope.CreateElement("wsse", "Security", Wsse);
        header.AppendChild(security);
        var timestamp = envelope.CreateElement("wsu", "Timestamp", Wsu);
        timestamp.SetAttribute("Id", Wsu, "TS-1");
        timestamp.AppendChild(envelope.CreateElement("wsu", "Created", Wsu))!.InnerText = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        security.AppendChild(timestamp);
        var token = envelope.CreateElement("wsse", "BinarySecurityToken", Wsse);
        token.SetAttribute("Id", Wsu, "X509-1");
        token.SetAttribute("ValueType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3");
        token.SetAttribute("EncodingType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary");
        token.InnerText = Convert.ToBase64String(certificate.RawData);
        security.AppendChild(token);

        // Round-trip through text first, so that every prefix is in the DOM as it will be on the wire.
        var reloaded = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        reloaded.LoadXml(System.Text.Encoding.UTF8.GetString(DigipoortWusClient.Serialize(envelope)));
        var signedXml = new WsuSignedXml(reloaded) { SigningKey = certificate.GetRSAPrivateKey() };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA1Url;
        foreach (var id in new[] { "body_0", "TS-1", "address_0", "address_1", "address_2", "address_3" })
        {
            var reference = new Reference("#" + id) { DigestMethod = SignedXml.XmlDsigSHA1Url };
            reference.AddTransform(new XmlDsigExcC14NTransform());
            signedXml.AddReference(reference);
        }
        var tokenReference = reloaded.CreateElement("wsse", "SecurityTokenReference", Wsse);
        var tokenRef = (XmlElement)tokenReference.AppendChild(reloaded.CreateElement("wsse", "Reference", Wsse))!;
        tokenRef.SetAttribute("URI", "#X509-1");
        tokenRef.SetAttribute("ValueType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3");
        signedXml.KeyInfo = new KeyInfo();
        signedXml.KeyInfo.AddClause(new KeyInfoNode(tokenReference));
        signedXml.ComputeSignature();
        reloaded.GetElementsByTagName("Security", Wsse)[0]!.AppendChild(reloaded.ImportNode(signedXml.GetXml(), deep: true));
        envelope.LoadXml(reloaded.OuterXml);
    }

    /// <summary>SignedXml that resolves references by wsu:Id (it only knows Id/id/ID on its own).</summary>
    private sealed class WsuSignedXml(XmlDocument document) : SignedXml(document)
    {
        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            base.GetIdElement(document, idValue)
            ?? document?.SelectSingleNode($"//*[@*[local-name()='Id' and namespace-uri()='{Wsu}']='{idValue}']") as XmlElement;
    }
}
