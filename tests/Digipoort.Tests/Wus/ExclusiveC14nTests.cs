using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using Digipoort.Tests.Support;
using Digipoort.WusClient;

namespace Digipoort.Tests.Wus;

/// <summary>The exclusive canonicalization the WS-Security code signs and verifies with, pinned to System.Security.Cryptography.Xml's.</summary>
public sealed class ExclusiveC14nTests
{
    private const string Envelope = """
        <?xml version="1.0" encoding="UTF-8"?>
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:unused="urn:unused">
          <s:Header><a:To xmlns:a="http://www.w3.org/2005/08/addressing" u:Id="address_3" s:mustUnderstand="1" z="1" b="2">https://x/y?a=1&amp;b=2</a:To></s:Header>
          <s:Body u:Id="body_0">
            <aanleverRequest xmlns="http://logius.nl/digipoort/koppelvlakservices/1.2/">
              <berichtsoort>Omzet&lt;belasting&gt; &amp; "x"</berichtsoort>
              <inner xmlns=""><plain attr="tab&#9;nl&#10;cr&#13;quote&quot;lt&lt;">text&#13;</plain></inner>
              <kv:prefixed xmlns:kv="http://logius.nl/digipoort/koppelvlakservices/1.2/" kv:a="1" xsi:nil="false"><![CDATA[cdata <&>]]></kv:prefixed>
              <empty/>
            </aanleverRequest>
          </s:Body>
        </s:Envelope>
        """;

    public static TheoryData<string, string> Elements => new()
    {
        { "Body", "" },
        { "To", "" },
        { "Body", "s #default" },
        { "aanleverRequest", "xsi" },
    };

    [Theory]
    [MemberData(nameof(Elements))]
    public void The_canonical_form_equals_the_framework_transform(string localName, string prefixList)
    {
        var doc = Load(Envelope);
        var element = (XmlElement)doc.GetElementsByTagName("*").OfType<XmlElement>().First(e => e.LocalName == localName);

        Assert.Equal(Encoding.UTF8.GetString(Framework(element, prefixList)), Encoding.UTF8.GetString(ExclusiveC14n.Canonicalize(element, prefixList)));
    }

    [Fact]
    public void A_client_built_envelope_canonicalizes_the_same_before_and_after_the_wire()
    {
        var client = new DigipoortWusClient(new HttpClient(), new Uri("https://localhost/"), new WusSigner(TestCertificate()));
        var built = client.CreateEnvelope(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Omzetbelasting", "k", "001000044B37", GatewayClient.ValidDocument));
        var parsed = Load(Encoding.UTF8.GetString(DigipoortWusClient.Serialize(built)));

        foreach (var name in new[] { "Body", "Action", "To" })
        {
            var before = built.GetElementsByTagName("*").OfType<XmlElement>().First(e => e.LocalName == name);
            var after = parsed.GetElementsByTagName("*").OfType<XmlElement>().First(e => e.LocalName == name);
            Assert.Equal(Encoding.UTF8.GetString(Framework(after, "")), Encoding.UTF8.GetString(ExclusiveC14n.Canonicalize(before)));
        }
    }

    internal static System.Security.Cryptography.X509Certificates.X509Certificate2 TestCertificate()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static XmlDocument Load(string xml)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        doc.Load(reader);
        return doc;
    }

    /// <summary>
    /// What SignedXml does for a same-document reference: the element, moved into a document of its own with the
    /// namespace declarations in scope at it, through XmlDsigExcC14NTransform.
    /// </summary>
    private static byte[] Framework(XmlElement element, string prefixList)
    {
        var copy = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var root = (XmlElement)copy.ImportNode(element, deep: true);
        copy.AppendChild(root);
        for (var parent = element.ParentNode as XmlElement; parent is not null; parent = parent.ParentNode as XmlElement)
            foreach (var declaration in parent.Attributes.OfType<XmlAttribute>().Where(a => a.NamespaceURI == "http://www.w3.org/2000/xmlns/"))
                if (!root.HasAttribute(declaration.Name)) root.SetAttributeNode((XmlAttribute)copy.ImportNode(declaration, deep: true));
        var transform = new XmlDsigExcC14NTransform(includeComments: false, prefixList);
        transform.LoadInput(copy);
        using var output = (Stream)transform.GetOutput(typeof(Stream));
        using var bytes = new MemoryStream();
        output.CopyTo(bytes);
        return bytes.ToArray();
    }
}
