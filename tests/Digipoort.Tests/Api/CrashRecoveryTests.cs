using Digipoort.Actors.Domain;
using Digipoort.LoadTest.Nodes;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

/// <summary>A node process killed with SIGKILL while a delivery waits for its retry, or while one is under way.</summary>
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
        await using (var node = await NodeProcesses.StartAsync(_data.Path, port, settings))
        {
            kenmerk = (await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, "crash-1").AcceptedAsync()).Kenmerk;
            await node.Client.WaitForStatusAsync(kenmerk, DigipoortStatus.TechnischProbleemAfleveren);
            node.Kill();
        }
        _recipientDown = false;

        await using var restarted = await NodeProcesses.StartAsync(_data.Path, port, settings);
        await recipient.WaitForAsync(received => received.Any(r => r.Status == 200), TimeSpan.FromSeconds(30));

        var statuses = await restarted.Client.WaitForStatusAsync(kenmerk, DigipoortStatus.AfleverenGelukt);
        Assert.Equal(["105", "100", "110", "200", "301", "405"], statuses.Take(6).Select(s => s.Statuscode));
        Assert.Equal("400", statuses[^1].Statuscode);
        Assert.Single(recipient.Received, r => r.Status == 200);
    }

    [Fact]
    public async Task A_delivery_under_way_when_the_node_is_killed_is_repeated_with_the_same_key_and_a_higher_attempt()
    {
        // The first two requests are held (as by a slow recipient) until the node dies; the third is answered.
        await using var recipient = await LoopbackRecipient.StartAsync(
            delayForAttempt: arrival => arrival <= 2 ? TimeSpan.FromMinutes(5) : TimeSpan.Zero);
        var port = NodeProcess.FreePort();
        var settings = new Dictionary<string, string> { ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.Endpoint.ToString() };

        string kenmerk;
        await using (var node = await NodeProcesses.StartAsync(_data.Path, port, settings))
        {
            kenmerk = (await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, "crash-2").AcceptedAsync()).Kenmerk;
            await recipient.WaitForAsync(received => received.Count == 1, TimeSpan.FromSeconds(30));
            node.Kill();
        }
        // Killed again while the repeat is held: the number it carried was recorded before it was sent.
        await using (var node = await NodeProcesses.StartAsync(_data.Path, port, settings))
        {
            await recipient.WaitForAsync(received => received.Count == 2, TimeSpan.FromSeconds(30));
            node.Kill();
        }

        await using var restarted = await NodeProcesses.StartAsync(_data.Path, port, settings);
        var statuses = await restarted.Client.WaitForStatusAsync(kenmerk, DigipoortStatus.AfleverenGelukt);

        var received = recipient.Received;
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Headers["Idempotency-Key"]).Distinct());
        Assert.Equal(["1", "2", "3"], received.Select(r => r.Headers["Digipoort-Poging"]));
        Assert.Equal("Delivered on attempt 3 (HTTP 200).", statuses[^1].Statusdetails);
        // Recording the attempts added no status: accepted, authorised, validated, routed, delivered.
        Assert.Equal(["105", "100", "110", "200", "301", "405", "400"], statuses.Select(s => s.Statuscode));
    }

    public void Dispose() => _data.Dispose();
}
