using Digipoort.Actors.Domain;
using Digipoort.Node.Pki;
using Digipoort.Tests.Support;
using Digipoort.WusClient;

namespace Digipoort.Tests.Wus;

/// <summary>Return to sender through the OphaalService: a recipient that always fails, a short delivery window.</summary>
[Collection(NodeCollection.Name)]
public sealed class WusOphaalTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task An_expired_delivery_comes_back_through_the_ophaal_service_once_as_new_with_the_original_document()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => 500);
        await using var node = await StartReturningAsync(_data.Path, recipient);
        var pki = DevPki.Load(node.PkiDirectory);
        var client = WusFixture.Client(node, pki.Clients["sender"]);

        var accepted = WusAssert.Response(await client.SendAsync(WusServiceName.Aanlever, "aanleveren",
                WusRequests.Aanleveren("Omzetbelasting", "retour-1", "001000044B37", GatewayClient.ValidDocument)),
            WusServiceName.Aanlever, "aanleveren", pki.Server);
        var kenmerk = WusAssert.Text(accepted, "kenmerk");

        var listed = await Eventually.ValueAsync(async () => WusAssert.All(WusAssert.Response(
                await client.SendAsync(WusServiceName.Ophaal, "getNieuweBerichtenLijst", WusRequests.Lijst("getNieuweBerichtenLijst")),
                WusServiceName.Ophaal, "getNieuweBerichtenLijst", pki.Server), "kenmerk").Select(k => k.InnerText).ToList(),
            kenmerken => kenmerken.Contains(kenmerk), TimeSpan.FromSeconds(60), "the return-to-sender notice reaches the mailbox");
        Assert.Equal([kenmerk], listed);

        var statuses = WusAssert.Response(await client.SendAsync(WusServiceName.Statusinformatie, "getStatussenProces",
            WusRequests.ByKenmerk("getStatussenProces", kenmerk)), WusServiceName.Statusinformatie, "getStatussenProces", pki.Server);
        Assert.Equal(FaultCodes.DeliveryExpired, WusAssert.All(statuses, "foutcode")[^1].InnerText);

        var fetched = WusAssert.Response(await client.SendAsync(WusServiceName.Ophaal, "getNieuweBerichtenKenmerk",
            WusRequests.ByKenmerk("getNieuweBerichtenKenmerk", kenmerk)), WusServiceName.Ophaal, "getNieuweBerichtenKenmerk", pki.Server);
        var bericht = Assert.Single(WusAssert.All(fetched, "BerichtResultaat"));
        Assert.Equal(GatewayClient.ValidDocument, Convert.FromBase64String(WusAssert.Text(bericht, "inhoud")));
        Assert.Equal("retour-1", WusAssert.Text(bericht, "aanleverkenmerk"));
        Assert.Equal(FaultCodes.DeliveryExpired, WusAssert.Text(bericht, "code"));
        Assert.Equal(TestNode.Sender, WusAssert.Text(bericht, "identiteitAanleveraar"));

        var again = WusAssert.Response(await client.SendAsync(WusServiceName.Ophaal, "getNieuweBerichtenKenmerk",
            WusRequests.ByKenmerk("getNieuweBerichtenKenmerk", kenmerk)), WusServiceName.Ophaal, "getNieuweBerichtenKenmerk", pki.Server);
        Assert.Empty(WusAssert.All(again, "BerichtResultaat"));
        var newList = WusAssert.Response(await client.SendAsync(WusServiceName.Ophaal, "getNieuweBerichtenLijst",
            WusRequests.Lijst("getNieuweBerichtenLijst")), WusServiceName.Ophaal, "getNieuweBerichtenLijst", pki.Server);
        Assert.Empty(WusAssert.All(newList, "BerichtLijstResultaat"));

        var all = WusAssert.Response(await client.SendAsync(WusServiceName.Ophaal, "getBerichten",
            WusRequests.Berichten("getBerichten", "001000044B37")), WusServiceName.Ophaal, "getBerichten", pki.Server);
        Assert.Single(WusAssert.All(all, "BerichtResultaat"));

        var stranger = WusFixture.Client(node, pki.Clients["operator"]);
        var hidden = WusAssert.Response(await stranger.SendAsync(WusServiceName.Ophaal, "getBerichtenKenmerk",
            WusRequests.ByKenmerk("getBerichtenKenmerk", kenmerk)), WusServiceName.Ophaal, "getBerichtenKenmerk", pki.Server);
        Assert.Empty(WusAssert.All(hidden, "BerichtResultaat"));
    }

    /// <summary>A node whose deliveries to <paramref name="recipient"/> give up after two seconds: what it cannot deliver comes back.</summary>
    internal static Task<TestNode> StartReturningAsync(string dataDirectory, LoopbackRecipient recipient) =>
        TestNode.StartAsync(dataDirectory, new Dictionary<string, string>
        {
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.Endpoint.ToString(),
            ["Digipoort:Recipients:belastingdienst:AttemptTimeout"] = "00:00:05",
            ["Digipoort:Delivery:InitialRetryDelay"] = "00:00:00.200",
            ["Digipoort:Delivery:MaxRetryDelay"] = "00:00:01",
            ["Digipoort:Delivery:Deadline"] = "00:00:02",
        });

    public void Dispose() => _data.Dispose();
}
