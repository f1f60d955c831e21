using Digipoort.Actors.Domain;
using Digipoort.Node.Pki;
using Digipoort.Tests.Support;
using Digipoort.WusClient;

namespace Digipoort.Tests.Wus;

/// <summary>The per-sender rate limit answers WUS requests with the Digipoort fault, not a problem document.</summary>
[Collection(NodeCollection.Name)]
public sealed class WusLimitTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task A_sender_over_its_rate_gets_an_ALS160_fault_with_retry_after()
    {
        await using var node = await TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:RateLimit:TokenLimit"] = "2",
            ["Digipoort:RateLimit:TokensPerPeriod"] = "1",
            ["Digipoort:RateLimit:ReplenishmentPeriod"] = "00:01:00",
        });
        var pki = DevPki.Load(node.PkiDirectory);
        var client = WusFixture.Client(node, pki.Clients["sender"]);

        var answers = new List<WusResponse>();
        for (var i = 0; i < 3; i++)
            answers.Add(await client.SendAsync(WusServiceName.Statusinformatie, "getBerichtsoorten", WusRequests.Berichtsoorten("001000044B37")));

        Assert.All(answers.Take(2), a => Assert.False(a.IsFault));
        WusAssert.Fault(answers[2], FaultCodes.RateLimited);
        Assert.NotNull(answers[2].RetryAfter);
    }

    public void Dispose() => _data.Dispose();
}
