using System.Security.Cryptography.X509Certificates;
using System.Xml;
using System.Xml.Schema;
using Digipoort.Api.Wus;
using Digipoort.Node.Pki;
using Digipoort.Tests.Api;
using Digipoort.Tests.Support;
using Digipoort.WusClient;
using WusFault = Digipoort.WusClient.WusFault;

namespace Digipoort.Tests.Wus;

/// <summary>One node with an accepting recipient, and WUS clients over real mutual TLS with the development PKI's certificates.</summary>
public sealed class WusFixture : IAsyncLifetime
{
    private readonly GatewayFixture _gateway = new();

    public TestNode Node => _gateway.Node;
    public LoopbackRecipient Recipient => _gateway.Recipient;
    public string DataDirectory => _gateway.DataDirectory;
    public DevPkiMaterial Pki => DevPki.Load(Node.PkiDirectory);

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    /// <summary>A client that connects with <paramref name="tls"/> and signs with <paramref name="signer"/> (by default the same certificate).</summary>
    public DigipoortWusClient Client(string tls = "sender", X509Certificate2? signer = null) => Client(Node, Pki.Clients[tls], signer);

    public static DigipoortWusClient Client(TestNode node, X509Certificate2 tls, X509Certificate2? signer = null) =>
        new(node.TlsClient(tls), node.TlsAddress, new WusSigner(signer ?? tls));

    /// <summary>The statuscodes of <paramref name="kenmerk"/> from the StatusinformatieService, asked until 400 (delivered) is among them.</summary>
    public Task<List<string>> StatusesOnceDeliveredAsync(DigipoortWusClient client, string kenmerk) =>
        Eventually.ValueAsync(async () =>
            {
                var status = await client.SendAsync(WusServiceName.Statusinformatie, "getStatussenProces", WusRequests.ByKenmerk("getStatussenProces", kenmerk));
                return WusAssert.All(WusAssert.Response(status, WusServiceName.Statusinformatie, "getStatussenProces", Pki.Server), "statuscode")
                    .Select(s => s.InnerText).ToList();
            },
            codes => codes.Contains("400"), TimeSpan.FromSeconds(30), "the message is delivered");

    public HashSet<string> Blobs()
    {
        var root = Path.Combine(DataDirectory, "blobs");
        return Directory.Exists(root) ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)] : [];
    }
}

/// <summary>Checks on what the gateway answers.</summary>
internal static class WusAssert
{
    /// <summary>A signed response of <paramref name="operation"/>, signed by the node's server certificate, valid against the served schema.</summary>
    public static XmlElement Response(WusResponse response, WusServiceName service, string operation, X509Certificate2 server)
    {
        Assert.True(response.Fault is null, $"fault {response.Fault?.Foutcode}: {response.Fault?.Foutbeschrijving}");
        Assert.Equal(200, response.HttpStatus);
        Assert.Null(response.SignatureError);
        Assert.Equal(server.Thumbprint, response.SignedBy!.Thumbprint);
        Assert.Equal(DigipoortWusClient.ResponseAction(service, operation), response.Addressing("Action"));
        Assert.Equal("http://www.w3.org/2005/08/addressing/anonymous", response.Addressing("To"));
        ValidAgainstSchema(response.Payload!);
        return response.Payload!;
    }

    /// <summary>An unsigned Digipoort fault with <paramref name="foutcode"/>, HTTP 500, its detail valid against the schema.</summary>
    public static WusFault Fault(WusResponse response, string foutcode)
    {
        Assert.True(response.Fault is not null, "expected a fault, got " + response.Payload?.LocalName);
        Assert.Equal(500, response.HttpStatus);
        Assert.Equal(foutcode, response.Fault!.Foutcode);
        Assert.Equal("s:Client", response.Fault.FaultCode);
        Assert.Equal("Algemene fout", response.Fault.FaultString);
        Assert.Equal("The answer is not signed.", response.SignatureError);
        var detail = response.Envelope.GetElementsByTagName("detail")[0]!.ChildNodes.OfType<XmlElement>().Single();
        ValidAgainstSchema(detail);
        return response.Fault;
    }

    public static void ValidAgainstSchema(XmlElement element)
    {
        var errors = WusSchema.Validate(element);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    public static string Text(XmlElement parent, string localName) =>
        parent.GetElementsByTagName(localName, WusRequests.Kv.NamespaceName)[0]?.InnerText ?? throw new XmlSchemaException($"no {localName}");

    public static IReadOnlyList<XmlElement> All(XmlElement parent, string localName) =>
        [.. parent.GetElementsByTagName(localName, WusRequests.Kv.NamespaceName).OfType<XmlElement>()];
}
