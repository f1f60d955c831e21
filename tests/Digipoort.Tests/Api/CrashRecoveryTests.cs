using Digipoort.Actors.Domain;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

/// <summary>A node process killed with SIGKILL while a delivery waits for its retry.</summary>
[Collection(NodeCollection.Name)]
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private volatile bool _recipientDown = true;

    [Fact]
    public async Task A_delivery_waiting_when_the_node_is_killed_completes_once_after_the_node_is_started_again()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => _recipientDown ? 503 : 200);
        var port = NodeProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.Endpoint.ToString(),
            ["Digipoort:Delivery:InitialRetryDelay"] = "00:00:03",
            ["Digipoort:Delivery:MaxRetryDelay"] = "00:00:03",
            ["Digipoort:Delivery:Jitter"] = "0",
        };

        string kenmerk;
        await using (var node = await NodeProcess.StartAsync(_data.Path, port, settings))
        {
            kenmerk = (await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, "crash-1").AcceptedAsync()).Kenmerk;
            await node.Client.WaitForStatusAsync(kenmerk, DigipoortStatus.TechnischProbleemAfleveren);
            node.Kill();
        }
        _recipientDown = false;

        await using var restarted = await NodeProcess.StartAsync(_data.Path, port, settings);
        await recipient.WaitForAsync(received => received.Any(r => r.Status == 200), TimeSpan.FromSeconds(30));

        var statuses = await restarted.Client.WaitForStatusAsync(kenmerk, DigipoortStatus.AfleverenGelukt);
        Assert.Equal(["105", "100", "110", "200", "301", "405"], statuses.Take(6).Select(s => s.Statuscode));
        Assert.Equal("400", statuses[^1].Statuscode);
        Assert.Single(recipient.Received, r => r.Status == 200);
    }

    public void Dispose() => _data.Dispose();
}
