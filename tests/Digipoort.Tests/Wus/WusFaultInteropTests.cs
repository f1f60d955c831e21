using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Xml;
using Digipoort.Actors.Domain;
using Digipoort.Node.Pki;
using Digipoort.Tests.Support;
using Digipoort.WusClient;

namespace Digipoort.Tests.Wus;

/// <summary>
/// The gateway's SOAP faults read by SOAP stacks that are not this project's: WCF's client message model
/// (System.ServiceModel) and zeep's way of finding the fault's children. Both must see the Digipoort code and detail.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class WusFaultInteropTests(WusFixture wus) : IClassFixture<WusFixture>
{
    [Fact]
    public async Task An_unknown_kenmerk_is_STS110_for_WCF_and_for_zeep()
    {
        var response = await wus.Client().SendAsync(WusServiceName.Statusinformatie, "getStatussenProces",
            WusRequests.ByKenmerk("getStatussenProces", Kenmerk.New().Value));

        AssertReadable(response, FaultCodes.UnknownKenmerk, "No message with kenmerk");
    }

    [Fact]
    public async Task An_unknown_berichtsoort_is_ALS110_for_WCF_and_for_zeep()
    {
        var response = await wus.Client().SendAsync(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Loonaangifte", null, "001000044B37", GatewayClient.ValidDocument));

        AssertReadable(response, FaultCodes.UnknownBerichtsoort, "Loonaangifte");
    }

    [Fact]
    public async Task A_refused_client_certificate_on_a_WUS_endpoint_is_a_SOAP_fault_AUS200_not_problem_details()
    {
        var expired = DevPki.IssueClient(wus.Node.PkiDirectory, "wus-expired", TestNode.Sender, new ClientCertificateOptions
        {
            NotBefore = DateTimeOffset.UtcNow.AddDays(-30),
            NotAfter = DateTimeOffset.UtcNow.AddDays(-1),
        }).Certificate;

        var response = await WusFixture.Client(wus.Node, expired).SendAsync(WusServiceName.Statusinformatie, "getBerichtsoorten",
            WusRequests.Berichtsoorten("001000044B37"));

        Assert.StartsWith("text/xml", response.ContentType);
        AssertReadable(response, FaultCodes.CertificateRefused, "expired");
    }

    [Fact]
    public void The_fault_shape_these_tests_guard_against_is_unreadable_for_zeep()
    {
        // What the gateway wrote before: a Fault with its own default namespace and children that undo it.
        var envelope = new XmlDocument();
        envelope.LoadXml("""
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
            <Fault xmlns="http://schemas.xmlsoap.org/soap/envelope/"><faultcode xmlns="">s:Client</faultcode>
            <faultstring xmlns="">Algemene fout</faultstring></Fault></s:Body></s:Envelope>
            """);

        var fault = ZeepFaultReader.Read(envelope);

        Assert.Null(fault.Code);
        Assert.Null(fault.Message);
    }

    private static void AssertReadable(WusResponse response, string foutcode, string detailFragment)
    {
        Assert.Equal(500, response.HttpStatus);

        var zeep = ZeepFaultReader.Read(response.Envelope);
        Assert.Equal("s:Client", zeep.Code);
        Assert.Equal("Algemene fout", zeep.Message);
        Assert.Equal("Verantwoordingsplichtige", zeep.Actor);
        var detail = zeep.Detail!.ChildNodes.OfType<XmlElement>().Single();
        Assert.Equal(foutcode, detail["foutcode", WusRequests.Kv.NamespaceName]!.InnerText);
        Assert.Contains(detailFragment, detail["foutbeschrijving", WusRequests.Kv.NamespaceName]!.InnerText, StringComparison.OrdinalIgnoreCase);

        using var message = Message.CreateMessage(new XmlNodeReader(response.Envelope), int.MaxValue, MessageVersion.Soap11WSAddressing10);
        Assert.True(message.IsFault);
        var wcf = MessageFault.CreateFault(message, int.MaxValue);
        Assert.Equal(("Client", "http://schemas.xmlsoap.org/soap/envelope/"), (wcf.Code.Name, wcf.Code.Namespace));
        Assert.Equal("Algemene fout", wcf.Reason.GetMatchingTranslation().Text);
        using var reader = wcf.GetReaderAtDetailContents();
        var wcfDetail = new XmlDocument();
        wcfDetail.Load(reader);
        Assert.Equal(foutcode, wcfDetail.DocumentElement!["foutcode", WusRequests.Kv.NamespaceName]!.InnerText);
    }
}
