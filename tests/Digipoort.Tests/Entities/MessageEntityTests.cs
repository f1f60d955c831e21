using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit.Xunit2;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Serialization;
using Digipoort.Api.Gateway;
using Digipoort.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Digipoort.Tests.Entities;

/// <summary>
/// The sharded message entity on the real SQLite journal, in nodes built by the node's own
/// registration: persistence, recovery and idempotency, driven through the shard region.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class MessageEntityTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly SenderIdentity Unlisted = SenderIdentity.From("00000003555555550000");
    private readonly TempDirectory _data = new();

    private static SubmitMessage Submission(string contentHash, SenderIdentity sender) => new(
        Kenmerk.ForSubmission(sender, "entity-test").Value,
        sender,
        new MessageEnvelope("Omzetbelasting", "entity-test", null, new Identiteit("001000044B37", "Fi"), "Bedrijf", null, null,
            new Document("text/xml", "a.xml", new BlobRef(contentHash.PadRight(64, '0'), 10)), [], null));

    [Fact]
    public async Task A_message_is_persisted_and_recovered_with_its_whole_history_by_a_new_node()
    {
        // An unlisted sender ends at 210 at once, so nothing but the submission itself is involved.
        var submit = Submission("ab", Unlisted);
        SubmitReply accepted;
        await using (var node = await TestNode.StartAsync(_data.Path))
        {
            var probe = new TestKit(node.System).CreateTestProbe();
            probe.Send(node.Messages, submit);
            accepted = probe.ExpectMsg<SubmitReply>(Wait);
        }
        Assert.Equal(SubmitOutcome.Accepted, accepted.Outcome);
        Assert.Equal(["105", "100", "110", "210"], accepted.Statuses.Select(s => s.Code));

        await using (var restarted = await TestNode.StartAsync(_data.Path))
        {
            var probe = new TestKit(restarted.System).CreateTestProbe();
            probe.Send(restarted.Messages, new GetMessageStatuses(submit.Kenmerk));
            var recovered = probe.ExpectMsg<MessageStatusesReply>(Wait);

            Assert.True(recovered.Found);
            Assert.Equal(accepted.Statuses, recovered.Statuses);
        }
    }

    [Fact]
    public async Task A_repeated_submission_is_a_duplicate_and_other_content_under_the_same_key_a_conflict()
    {
        await using var node = await TestNode.StartAsync(_data.Path);
        var probe = new TestKit(node.System).CreateTestProbe();

        probe.Send(node.Messages, Submission("cd", Unlisted));
        var first = probe.ExpectMsg<SubmitReply>(Wait);
        probe.Send(node.Messages, Submission("cd", Unlisted));
        var again = probe.ExpectMsg<SubmitReply>(Wait);
        probe.Send(node.Messages, Submission("ef", Unlisted));
        var conflict = probe.ExpectMsg<SubmitReply>(Wait);

        Assert.Equal(SubmitOutcome.Accepted, first.Outcome);
        Assert.Equal((SubmitOutcome.Duplicate, first.Kenmerk, first.Statuses.Count), (again.Outcome, again.Kenmerk, again.Statuses.Count));
        Assert.Equal(SubmitOutcome.Conflict, conflict.Outcome);
    }

    [Fact]
    public async Task A_query_for_an_unknown_kenmerk_finds_nothing()
    {
        await using var node = await TestNode.StartAsync(_data.Path);
        var probe = new TestKit(node.System).CreateTestProbe();

        probe.Send(node.Messages, new GetMessageStatuses(Kenmerk.New().Value));

        Assert.False(probe.ExpectMsg<MessageStatusesReply>(Wait).Found);
    }

    [Fact]
    public async Task A_submission_right_behind_a_query_for_its_still_unknown_kenmerk_is_answered_and_kept()
    {
        await using var node = await TestNode.StartAsync(_data.Path);
        var probe = new TestKit(node.System).CreateTestProbe();
        var submit = Submission("12", Unlisted);

        // The query makes the entity ask to passivate; the submission reaches it before the stop does, and would
        // have been cut off by it (no answer, or work under way lost) had it been taken on there.
        probe.Send(node.Messages, new GetMessageStatuses(submit.Kenmerk));
        probe.Send(node.Messages, submit);

        Assert.False(probe.ExpectMsg<MessageStatusesReply>(Wait).Found);
        Assert.Equal(SubmitOutcome.Accepted, probe.ExpectMsg<SubmitReply>(Wait).Outcome);
        probe.Send(node.Messages, new GetMessageStatuses(submit.Kenmerk));
        Assert.Equal(["105", "100", "110", "210"], probe.ExpectMsg<MessageStatusesReply>(Wait).Statuses.Select(s => s.Code));
    }

    /// <summary>
    /// Queries about a message that has ended are answered from its journal: its actor, once passivated, is not started
    /// again for them, and the answer is the one the actor gave.
    /// </summary>
    [Fact]
    public async Task An_ended_message_is_answered_from_its_journal_as_its_actor_answered_and_is_not_woken()
    {
        await using var node = await TestNode.StartAsync(_data.Path,
            new Dictionary<string, string> { ["Digipoort:Messages:IdleBeforePassivation"] = "00:00:01" });
        var probe = new TestKit(node.System).CreateTestProbe();
        var submit = Submission("ef", Unlisted);
        var kenmerk = Kenmerk.Parse(submit.Kenmerk);
        probe.Send(node.Messages, submit);
        Assert.Equal(SubmitOutcome.Accepted, probe.ExpectMsg<SubmitReply>(Wait).Outcome);
        probe.Send(node.Messages, new GetMessageStatuses(submit.Kenmerk));
        var statusesByActor = probe.ExpectMsg<MessageStatusesReply>(Wait);
        probe.Send(node.Messages, new GetMessageSummary(submit.Kenmerk));
        var summaryByActor = probe.ExpectMsg<MessageSummaryReply>(Wait);
        Assert.Equal(["105", "100", "110", "210"], statusesByActor.Statuses.Select(s => s.Code));

        await Eventually.UntilAsync(async () => !await IsAliveAsync(node, submit.Kenmerk), Wait, "the ended message passivates");
        var gateway = node.Services.GetRequiredService<MessageGateway>();
        var statuses = await gateway.StatusesAsync(Unlisted, kenmerk, null, null, CancellationToken.None);
        var summary = await gateway.SummaryAsync(Unlisted, kenmerk, CancellationToken.None);
        // All four statuses were recorded in one write, at one time: a period after it holds none of them.
        var after = await gateway.StatusesAsync(Unlisted, kenmerk, statusesByActor.Statuses[^1].Timestamp.AddMilliseconds(1), null,
            CancellationToken.None);

        Assert.Equal(Json(statusesByActor), Json(statuses.Value!));
        Assert.Equal(Json(summaryByActor), Json(summary.Value!));
        Assert.True(after.Value!.Found);
        Assert.Empty(after.Value.Statuses);
        Assert.False(await IsAliveAsync(node, submit.Kenmerk));
    }

    private static async Task<bool> IsAliveAsync(TestNode node, string kenmerk)
    {
        var state = await node.Messages.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Wait);
        return state.Shards.Any(shard => shard.EntityIds.Contains(kenmerk));
    }

    private static string Json(object reply) => JsonSerializer.Serialize(reply, reply.GetType(), WireJson.Options);

    public void Dispose() => _data.Dispose();
}
