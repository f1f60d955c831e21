using Digipoort.Actors.Ingress;
using Digipoort.LoadTest.Verification;
using Digipoort.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Digipoort.Tests.LoadTest;

/// <summary>
/// The overload scenario of bench/run.sh (d), small enough for a test: an open loop far above what the node
/// takes, over more connections than it serves, against a real in-process node with little room for messages in
/// progress and a short admission queue. It must refuse (503, retried by the tool after Retry-After) instead of
/// taking in more work than its journal writes within its timeouts, and every message it did accept must end,
/// delivered once, no attempt repeated. Before, such a flood made journal writes outlast their timeouts, so
/// messages and whole shards restarted and made deliveries under way again; and the followers' queries for items
/// not yet released raced their release (an unknown kenmerk passivates at once), cutting off their deliveries.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class OverloadRunTests
{
    // Small, so that a short open loop is far above what the node takes in on any machine; the queue fills and
    // refuses while admitted submissions wait for room.
    private const int MaxMessagesInProgress = 4;
    private const int MaxInFlight = 4;
    private const int QueueCapacity = 4;
    private const int ReleaseParallelism = 2;

    [Fact]
    public async Task Far_above_capacity_the_node_refuses_rather_than_overcommit_and_delivers_every_accepted_message_once()
    {
        using var data = new TempDirectory();
        await using var recipient = await CountingRecipient.StartAsync(0, CancellationToken.None);
        var settings = LoadToolRunTests.RecipientsAt(recipient.EndpointFor);
        settings["Digipoort:Submission:MaxMessagesInProgress"] = $"{MaxMessagesInProgress}";
        settings["Digipoort:Submission:MaxInFlight"] = $"{MaxInFlight}";
        settings["Digipoort:Submission:QueueCapacity"] = $"{QueueCapacity}";
        settings["Digipoort:Batches:ReleaseParallelism"] = $"{ReleaseParallelism}";
        await using var node = await TestNode.StartAsync(data.Path, settings);
        var capacity = node.Services.GetRequiredService<NodeCapacity>();
        using var sampling = new CancellationTokenSource();
        var peak = PeakInProgressAsync(capacity, sampling.Token);

        var report = await LoadToolRunTests.RunAsync(LoadToolRunTests.Options(node) with
        {
            // Batches too: their items are new messages that wait for room like submissions do.
            Berichtsoorten = ["Omzetbelasting", "Factuurbatch"],
            InvalidShare = 0.1,
            Rate = 200,
            Count = 50,
            Concurrency = 100,
            VerifyTimeout = TimeSpan.FromSeconds(40),
        }, recipient);
        await sampling.CancelAsync();
        var peakInProgress = await peak;

        var verification = report.Verification!;
        Assert.Equal(report.Totals.Messages, report.Totals.Accepted);
        Assert.True((0, 0, 0) == (verification.Lost, verification.Duplicated, verification.WrongFinal),
            $"lost {verification.Lost} ({string.Join(" | ", verification.LostSample)}), duplicated {verification.Duplicated}, wrong {verification.WrongFinal}");
        Assert.Equal(verification.Followed, verification.Final);
        Assert.True(verification.Batches is { Items: > 0 } b && b.ItemsFinal == b.Items, $"{verification.Batches}");
        // No delivery was made twice, not even as a later attempt: the recipient answered every one at once.
        Assert.Equal(0, verification.RecipientLaterAttempts);
        Assert.True(report.Totals.Throttled > 0, $"the node never refused (peak {peakInProgress} in progress): {string.Join(", ", report.ThrottledByAnswer)}");
        // Submissions and items already on their way when the node filled up may pass the limit, nothing else.
        Assert.InRange(peakInProgress, 1, MaxMessagesInProgress + MaxInFlight + ReleaseParallelism);
        await Eventually.UntilAsync(() => Task.FromResult(capacity.InProgress == 0), TimeSpan.FromSeconds(10),
            "no message counts as in progress once all are final");
    }

    private static async Task<int> PeakInProgressAsync(NodeCapacity capacity, CancellationToken stop)
    {
        var peak = 0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, capacity.InProgress);
            await Task.Delay(5, CancellationToken.None);
        }
        return peak;
    }
}
