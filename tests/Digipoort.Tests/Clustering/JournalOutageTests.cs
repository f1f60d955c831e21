using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Digipoort.Api.Rest;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Clustering;

/// <summary>
/// The journal's PostgreSQL server stopped and started again under traffic: the node says it is not ready and refuses
/// submissions as retryable meanwhile, recovers by itself when the database is back, and loses no accepted message.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class JournalOutageTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [PrivatePostgresFact]
    public async Task A_database_restart_under_traffic_loses_no_accepted_message_and_the_node_recovers_by_itself()
    {
        await using var database = await PrivatePostgres.StartAsync();
        await using var recipient = await LoopbackRecipient.StartAsync();
        await using var node = await TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Journal:Provider"] = "PostgreSql",
            ["Digipoort:Journal:ConnectionString"] = database.ConnectionString("digipoort"),
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.Endpoint.ToString(),
            ["Digipoort:Submission:AskTimeout"] = "00:00:05",
            ["Digipoort:Delivery:InitialRetryDelay"] = "00:00:01",
            ["Digipoort:Delivery:MaxRetryDelay"] = "00:00:02",
            ["Digipoort:Validation:InitialRetryDelay"] = "00:00:01",
            ["Digipoort:Validation:MaxRetryDelay"] = "00:00:02",
        });
        var accepted = new ConcurrentDictionary<string, string>();
        var refusedWhileDown = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var submitting = Task.WhenAll(Enumerable.Range(0, 4).Select(loop => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var aanleverkenmerk = $"outage-{loop}-{i}";
                using var response = await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, aanleverkenmerk);
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    accepted[aanleverkenmerk] = (await Task.FromResult(response).AcceptedAsync()).Kenmerk;
                    continue;
                }
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null,
                    $"{(int)response.StatusCode}: {body}");
                Interlocked.Increment(ref refusedWhileDown);
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        })));

        await Eventually.UntilAsync(() => Task.FromResult(accepted.Count >= 20), TimeSpan.FromSeconds(30), "submissions are accepted");
        await database.StopAsync();
        await Eventually.UntilAsync(async () => !await ReadyAsync(node), TimeSpan.FromSeconds(15), "the node reports not-ready");
        await Eventually.UntilAsync(() => Task.FromResult(Volatile.Read(ref refusedWhileDown) >= 4), TimeSpan.FromSeconds(30),
            "submissions are refused as retryable while the database is down");

        await database.StartAgainAsync();
        await Eventually.UntilAsync(() => ReadyAsync(node), TimeSpan.FromSeconds(60), "the node is ready again by itself");
        var acceptedBefore = accepted.Count;
        await Eventually.UntilAsync(() => Task.FromResult(accepted.Count >= acceptedBefore + 20), TimeSpan.FromSeconds(60),
            "submissions are accepted again");
        await stop.CancelAsync();
        await submitting;

        // Messages whose writes failed during the outage are restarted by the node itself; until then a query may be
        // answered 503 (retryable), never with a lost message.
        foreach (var kenmerk in accepted.Values)
            await Eventually.UntilAsync(() => DeliveredAsync(node, kenmerk), TimeSpan.FromSeconds(90), $"{kenmerk} is delivered");
        var keys = recipient.Received.Select(r => r.IdempotencyKey).ToHashSet();
        Assert.All(accepted.Values, kenmerk => Assert.Contains($"{kenmerk}:belastingdienst", keys));
    }

    private static async Task<bool> DeliveredAsync(TestNode node, string kenmerk)
    {
        using var response = await node.Client.GetAsync($"/api/v1/messages/{kenmerk}/statuses");
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable) return false;
        var statuses = await response.Content.ReadFromJsonAsync<StatusesResponse>(GatewayClient.Json);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        return statuses!.Statussen[^1].Statuscode == "400";
    }

    private static async Task<bool> ReadyAsync(TestNode node)
    {
        using var response = await node.Client.GetAsync("/health/ready");
        return response.IsSuccessStatusCode;
    }

    public void Dispose() => _data.Dispose();
}
