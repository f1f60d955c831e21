using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing;
using Digipoort.Actors.Processing.Authorisation;
using static Digipoort.Tests.Lifecycle.MessageFixtures;

namespace Digipoort.Tests.Lifecycle;

public class BatchDecisionTests
{
    private static readonly DateTimeOffset T1 = T0.AddSeconds(2);
    private static readonly BlobRef Index = new(new string('b', 64), 85 * 8);

    [Fact]
    public void A_split_batch_waits_for_its_items_and_releases_them_all_when_unordered()
    {
        var state = Split(items: 8, ordered: false);

        Assert.Equal(MessagePhase.AwaitingItems, state.Phase);
        Assert.Equal(["301", "405"], state.History.Skip(4).Select(s => s.Code));
        Assert.Contains("Split into 8 message(s) of berichtsoort 'Factuur'", state.History[^1].Details);
        Assert.Equal([new WorkItem.ReleaseItems(0, 8)], MessageWork.Outstanding(state, T1));

        state = state.Apply(MessageDecisions.ItemsReleased(state, T1));
        Assert.Empty(MessageWork.Outstanding(state, T1));
        Assert.Empty(MessageDecisions.ItemsReleased(state, T1));
    }

    [Fact]
    public void An_ordered_batch_releases_the_next_item_only_when_the_one_before_has_ended()
    {
        var state = Split(items: 3, ordered: true);
        Assert.Equal([new WorkItem.ReleaseItems(0, 1)], MessageWork.Outstanding(state, T1));

        state = state.Apply(MessageDecisions.ItemsFinished(state, [(0, true)], T1));
        Assert.Equal([new WorkItem.ReleaseItems(1, 1)], MessageWork.Outstanding(state, T1));
        Assert.Empty(MessageDecisions.ItemsReleased(state, T1));
    }

    [Fact]
    public void Progress_is_reported_at_each_quarter_and_the_end_says_how_many_were_not_delivered()
    {
        var state = Split(items: 8, ordered: false);

        state = state.Apply(MessageDecisions.ItemsFinished(state, [(0, true), (1, true)], T1));
        state = state.Apply(MessageDecisions.ItemsFinished(state, [(2, true), (3, false), (4, true), (5, true), (6, true)], T1));
        Assert.False(state.IsFinal);
        state = state.Apply(MessageDecisions.ItemsFinished(state, [(7, true)], T1));

        var after = state.History.Skip(6).ToList();
        Assert.Equal(["405", "405", "405", "410"], after.Select(s => s.Code));
        Assert.Equal("2 of 8 item(s) ended: 2 delivered, 0 not delivered.", after[0].Details);
        Assert.StartsWith("1 of 8 item(s) of the batch were not delivered", after[^1].Details);
        Assert.Equal(FaultCodes.DeliveryRefused, after[^1].FaultCode);
        Assert.True(state.IsFinal);
        Assert.False(state.IsDelivered);
    }

    [Fact]
    public void An_item_that_reports_twice_or_out_of_range_counts_once()
    {
        var state = Split(items: 2, ordered: false);
        state = state.Apply(MessageDecisions.ItemsFinished(state, [(0, true), (0, true)], T1));

        Assert.Empty(MessageDecisions.ItemsFinished(state, [(0, false), (2, true), (-1, true)], T1));
        state = state.Apply(MessageDecisions.ItemsFinished(state, [(1, true)], T1));
        Assert.Equal("All 2 item(s) of the batch were delivered.", state.History[^1].Details);
        Assert.True(state.IsDelivered);
    }

    [Fact]
    public void An_empty_batch_ends_with_no_recipient()
    {
        var state = Accepted().Apply(MessageDecisions.ProcessingCompleted(Accepted(),
            new DocumentProcessingResult.Split([], 0, "Factuur", Index, false), T1));

        Assert.Equal(MessagePhase.Undeliverable, state.Phase);
        Assert.Equal("The batch holds no items.", state.History[^1].Details);
    }

    [Fact]
    public void An_item_tells_its_batch_once_it_is_final_and_stops_once_the_batch_answered()
    {
        var item = new BatchItemRef(Kenmerk.New().Value, 4);
        var submit = Submit() with { Batch = item };
        var state = Replay([.. MessageDecisions.Submit(MessageState.Empty, submit, AuthorisationDecision.Allow, T0, Window).Events]);
        Assert.Equal("Item 5 of batch " + item.ParentKenmerk + ".", state.History[1].Details);

        state = state.Apply(MessageDecisions.ProcessingCompleted(state, new DocumentProcessingResult.Rejected([]), T1));
        Assert.Equal([new WorkItem.NotifyBatch()], MessageWork.Outstanding(state, T1));
        Assert.False(state.IsDelivered);

        state = state.Apply(MessageDecisions.BatchAcknowledged(state, T1));
        Assert.Empty(MessageWork.Outstanding(state, T1));
        Assert.Empty(MessageDecisions.BatchAcknowledged(state, T1));
    }

    [Fact]
    public void Attachments_delivered_separately_are_deliveries_of_their_own_and_a_failed_transformation_ends_its_recipient()
    {
        var envelope = Envelope() with
        {
            BerichtBijlagen = [new Document("application/pdf", "a.pdf", Index), new Document("image/png", "b.png", Index)],
        };
        var state = Replay([.. MessageDecisions.Submit(MessageState.Empty, Submit() with { Envelope = envelope },
            AuthorisationDecision.Allow, T0, Window).Events]);

        state = state.Apply(MessageDecisions.ProcessingCompleted(state, new DocumentProcessingResult.Routed([],
            ["gemeente-utrecht", "cbs"], [new DeliveryPlan("gemeente-utrecht", null, true)],
            new Dictionary<string, string> { ["cbs"] = "terminated" }), T1));

        Assert.Equal([(0, "gemeente-utrecht"), (1, "gemeente-utrecht"), (2, "gemeente-utrecht"), (0, "cbs")],
            state.Deliveries.Select(d => (d.Part, d.Recipient)));
        Assert.Equal(DeliveryState.NotTransformed, state.DeliveryTo("cbs")!.State);
        Assert.Equal(("321", FaultCodes.ValidationTechnicalError, "cbs"), (state.History[^1].Code, state.History[^1].FaultCode, state.History[^1].Recipient));
        Assert.Equal([new WorkItem.Deliver("gemeente-utrecht", 0), new WorkItem.Deliver("gemeente-utrecht", 1), new WorkItem.Deliver("gemeente-utrecht", 2)],
            MessageWork.Outstanding(state, T1));

        state = state.Attempt("gemeente-utrecht", 2, new Actors.Delivery.DeliveryOutcome.Delivered(200), T1);
        Assert.StartsWith("Bijlage 2 ('b.png'): Delivered on attempt 1", state.History[^1].Details);
        Assert.Equal(DeliveryState.Pending, state.DeliveryTo("gemeente-utrecht", 1)!.State);
    }

    private static MessageState Split(int items, bool ordered) =>
        Accepted().Apply(MessageDecisions.ProcessingCompleted(Accepted(),
            new DocumentProcessingResult.Split([], items, "Factuur", Index, ordered), T1));
}
