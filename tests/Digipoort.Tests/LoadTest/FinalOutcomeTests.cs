using Digipoort.Api.Rest;
using Digipoort.LoadTest.Verification;

namespace Digipoort.Tests.LoadTest;

public sealed class FinalOutcomeTests
{
    [Fact]
    public void A_valid_sample_delivered_everywhere_is_right_and_an_invalid_one_rejected_is_right()
    {
        Assert.Null(FinalOutcome.Wrong(expectValid: true, State(MessageFase.Completed, delivered: ["a", "b"])));
        Assert.Null(FinalOutcome.Wrong(expectValid: false, State(MessageFase.Rejected)));
        Assert.Null(FinalOutcome.Wrong(expectValid: false, State(MessageFase.Undeliverable)));
    }

    [Fact]
    public void A_valid_sample_rejected_or_refused_by_a_recipient_is_wrong()
    {
        Assert.Contains("valid sample ended Rejected", FinalOutcome.Wrong(true, State(MessageFase.Rejected)), StringComparison.Ordinal);
        Assert.Contains("not delivered to b", FinalOutcome.Wrong(true, State(MessageFase.Completed, delivered: ["a"], notDelivered: ["b"])), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_sample_delivered_anywhere_is_wrong()
    {
        Assert.Contains("invalid sample was delivered to a", FinalOutcome.Wrong(false, State(MessageFase.Completed, delivered: ["a"])), StringComparison.Ordinal);
        Assert.NotNull(FinalOutcome.Wrong(false, State(MessageFase.Completed, delivered: ["a"], notDelivered: ["b"])));
    }

    [Fact]
    public void A_final_state_without_deliveries_or_refusal_is_other_and_not_judged()
    {
        var parent = State(MessageFase.Completed); // e.g. a batch of no items

        Assert.Equal(FinalKind.Other, FinalOutcome.Classify(parent));
        Assert.Null(FinalOutcome.Wrong(true, parent));
        Assert.Null(FinalOutcome.Wrong(false, parent));
    }

    [Fact]
    public void A_batch_is_judged_by_how_its_items_ended()
    {
        var allDelivered = State(MessageFase.Completed, batch: new BatchCounts(4, 4, 4, 0));
        var oneNot = State(MessageFase.Completed, batch: new BatchCounts(4, 4, 3, 1));

        Assert.Equal(FinalKind.Delivered, FinalOutcome.Classify(allDelivered));
        Assert.Null(FinalOutcome.Wrong(expectValid: true, allDelivered));
        Assert.Equal(FinalKind.PartlyDelivered, FinalOutcome.Classify(oneNot));
        Assert.Contains("1 of its 4 items not delivered", FinalOutcome.Wrong(expectValid: true, oneNot), StringComparison.Ordinal);
        Assert.Contains("through 4 of its 4 items", FinalOutcome.Wrong(expectValid: false, allDelivered), StringComparison.Ordinal);
        Assert.Equal(FinalKind.NotDelivered, FinalOutcome.Classify(State(MessageFase.Completed, batch: new BatchCounts(2, 2, 0, 2))));
    }

    private static FinalState State(MessageFase fase, string[]? delivered = null, string[]? notDelivered = null, BatchCounts? batch = null) =>
        new("k", fase, "400", null, DateTimeOffset.UnixEpoch, delivered ?? [], notDelivered ?? [], batch);
}
