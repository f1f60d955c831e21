using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Digipoort.Actors.Hosting;
using Digipoort.LoadTest.Nodes;
using Digipoort.Tests.Support;
using Xunit.Abstractions;

namespace Digipoort.Tests.Clustering;

/// <summary>
/// Nodes in one process sharing one PostgreSQL database and one data folder: shards spread over the nodes, a message
/// submitted at any node is processed once, a node that joins under load receives shards, and a node that leaves
/// gracefully (the oldest, which runs the shard coordinator) hands its in-flight messages to the others.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ClusterMembershipTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan RecipientDelay = TimeSpan.FromMilliseconds(300);
    private readonly TempDirectory _data = new();

    [PostgreSqlFact]
    public async Task Shards_spread_a_joining_node_takes_some_and_a_leaving_node_hands_its_messages_over_without_a_repeat()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(delayForAttempt: _ => RecipientDelay);
        var seedPort = NodeProcess.FreePort();
        var first = await StartNodeAsync(seedPort, seedPort, recipient);
        var second = await StartNodeAsync(NodeProcess.FreePort(), seedPort, recipient);
        TestNode? third = null;
        var firstLeft = false;
        try
        {
            var kenmerken = await SubmitAsync([first, second], 60, "spread");
            await Eventually.UntilAsync(async () => await ShardsAsync(first) > 0 && await ShardsAsync(second) > 0, TimeSpan.FromSeconds(30),
                "both nodes host shards");

            third = await StartNodeAsync(NodeProcess.FreePort(), seedPort, recipient);
            kenmerken.AddRange(await SubmitAsync([first, second, third], 60, "join"));
            await Eventually.UntilAsync(async () => await ShardsAsync(third) > 0, TimeSpan.FromSeconds(60), "the joining node receives shards");

            // Messages are in flight (the recipient answers slowly) when the oldest node leaves.
            kenmerken.AddRange(await SubmitAsync([first, second, third], 60, "leave"));
            var leaving = Stopwatch.StartNew();
            await first.DisposeAsync();
            firstLeft = true;
            output.WriteLine($"graceful leave of the oldest node took {leaving.Elapsed.TotalSeconds:0.0} s");
            Assert.True(leaving.Elapsed < TimeSpan.FromSeconds(35), $"leaving took {leaving.Elapsed}");

            foreach (var kenmerk in kenmerken)
                await second.Client.WaitForStatusAsync(kenmerk, "400", TimeSpan.FromSeconds(60));
            var byKey = recipient.Received.GroupBy(r => r.IdempotencyKey).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(kenmerken.Count, byKey.Count);
            Assert.All(kenmerken, kenmerk => Assert.Equal(1, byKey[$"{kenmerk}:belastingdienst"]));
        }
        finally
        {
            if (!firstLeft) await first.DisposeAsync();
            await second.DisposeAsync();
            if (third is not null) await third.DisposeAsync();
        }
    }

    private Task<TestNode> StartNodeAsync(int remotingPort, int seedPort, LoopbackRecipient recipient) =>
        TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Journal:Provider"] = "PostgreSql",
            ["Digipoort:Journal:ConnectionString"] = TestJournal.ConnectionStringFor(TestJournal.DatabaseFor(_data.Path)),
            ["Digipoort:Cluster:Port"] = remotingPort.ToString(CultureInfo.InvariantCulture),
            ["Digipoort:Cluster:SeedNodes:0"] = $"akka.tcp://digipoort@127.0.0.1:{seedPort}",
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.Endpoint.ToString(),
        });

    /// <summary>
    /// Submits <paramref name="count"/> messages at once, spread round robin over <paramref name="nodes"/>; a node at capacity
    /// while shards move may answer 503 with Retry-After, which the sender retries.
    /// </summary>
    private static async Task<List<string>> SubmitAsync(TestNode[] nodes, int count, string prefix)
    {
        var accepted = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            nodes[i % nodes.Length].Client.SubmitUntilAcceptedAsync(GatewayClient.ValidDocument, $"{prefix}-{i}", TimeSpan.FromSeconds(60))));
        return [.. accepted.Select(a => a.Kenmerk)];
    }

    private static async Task<int> ShardsAsync(TestNode node)
    {
        var region = ClusterSharding.Get(node.System).ShardRegion(MessagingHostingExtensions.MessageRegionName);
        var stats = await region.Ask<ShardRegionStats>(GetShardRegionStats.Instance, TimeSpan.FromSeconds(5));
        return stats.Stats.Count;
    }

    public void Dispose() => _data.Dispose();
}
