using System.Net;
using Digipoort.Actors.Domain;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

[Collection(NodeCollection.Name)]
public sealed class SenderRateLimitTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task A_sender_over_its_rate_gets_429_with_retry_after_while_another_sender_proceeds()
    {
        await using var node = await TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:RateLimit:TokenLimit"] = "3",
            ["Digipoort:RateLimit:TokensPerPeriod"] = "1",
            ["Digipoort:RateLimit:ReplenishmentPeriod"] = "01:00:00",
        });
        var unknown = $"/api/v1/messages/{Guid.NewGuid()}/statuses";

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(node, unknown, "00000003111111110000")).StatusCode);
        using var limited = await GetAsync(node, unknown, "00000003111111110000");
        using var other = await GetAsync(node, unknown, "00000003222222220000");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(FaultCodes.RateLimited, (await limited.ProblemAsync()).GetProperty("faultCode").GetString());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(TestNode node, string path, string sender)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Digipoort-Sender", sender);
        return node.Client.SendAsync(request);
    }

    public void Dispose() => _data.Dispose();
}
