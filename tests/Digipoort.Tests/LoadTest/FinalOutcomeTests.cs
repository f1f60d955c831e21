using Digipoort.LoadTest.Verification;

namespace Digipoort.Tests.LoadTest;

public sealed class FinalOutcomeTests
{
    [Fact]
    public void A_valid_sample_delivered_everywhere_is_right_and_an_invalid_one_rejected_is_right()
    {
        Assert.Null(FinalOutcome.Wrong(expectValid: true, State("Completed", delivered: ["a", "b"])));
        Assert.Null(FinalOutcome.Wrong(expectValid: false, State("Rejected")));
        Assert.Null(FinalOutcome.Wrong(expectValid: false, State("Undeliverable")));
    }

    [Fact]
    public void A_valid_sample_rejected_or_refused_by_a_recipient_is_wrong()
    {
        Assert.Contains("valid sample ended Rejected", FinalOutcome.Wrong(true, State("Rejected")), StringComparison.Ordinal);
        Assert.Contains("not delivered to b", FinalOutcome.Wrong(true, State("Completed", delivered: ["a"], notDelivered: ["b"])), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_sample_delivered_anywhere_is_wrong()
    {
        Assert.Contains("invalid sample was delivered to a", FinalOutcome.Wrong(false, State("Completed", delivered: ["a"])), StringComparison.Ordinal);
        Assert.NotNull(FinalOutcome.Wrong(false, State("Completed", delivered: ["a"], notDelivered: ["b"])));
    }

    [Fact]
    public void A_final_state_without_deliveries_or_refusal_is_other_and_not_judged()
    {
        var parent = State("Split");

        Assert.Equal(FinalKind.Other, FinalOutcome.Classify(parent));
        Assert.Null(FinalOutcome.Wrong(true, parent));
        Assert.Null(FinalOutcome.Wrong(false, parent));
    }

    private static FinalState State(string fase, string[]? delivered = null, string[]? notDelivered = null) =>
        new("k", fase, "400", null, DateTimeOffset.UnixEpoch, delivered ?? [], notDelivered ?? []);
}
