using Digipoort.Actors.Domain;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

[Collection(NodeCollection.Name)]
public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private volatile bool _recipientDown = true;

    [Fact]
    public async Task A_delivery_waiting_for_its_retry_completes_after_a_restart_without_any_new_request()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => _recipientDown ? 503 : 200);
        var settings = new Dictionary<string, string>
        {
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.Endpoint.ToString(),
            ["Digipoort:Delivery:InitialRetryDelay"] = "00:00:04",
            ["Digipoort:Delivery:MaxRetryDelay"] = "00:00:04",
            ["Digipoort:Delivery:Jitter"] = "0",
        };

        string kenmerk;
        await using (var first = await TestNode.StartAsync(_data.Path, settings))
        {
            kenmerk = (await first.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, "restart-1").AcceptedAsync()).Kenmerk;
            await first.Client.WaitForStatusAsync(kenmerk, DigipoortStatus.TechnischProbleemAfleveren);
        }
        _recipientDown = false;

        await using var second = await TestNode.StartAsync(_data.Path, settings);
        // Nothing asks the node about the message: the durable wake-up must resume it by itself.
        await recipient.WaitForAsync(received => received.Any(r => r.Status == 200), TimeSpan.FromSeconds(30));

        var statuses = await second.Client.WaitForStatusAsync(kenmerk, DigipoortStatus.AfleverenGelukt);
        Assert.Equal("400", statuses[^1].Statuscode);
        Assert.Single(recipient.Received, r => r.Status == 200);
    }

    public void Dispose() => _data.Dispose();
}
