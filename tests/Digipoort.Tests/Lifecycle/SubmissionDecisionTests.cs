using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing.Authorisation;
using static Digipoort.Tests.Lifecycle.MessageFixtures;

namespace Digipoort.Tests.Lifecycle;

public class SubmissionDecisionTests
{
    [Fact]
    public void A_new_authorised_submission_yields_105_100_110_200_and_awaits_validation()
    {
        var (outcome, events) = MessageDecisions.Submit(MessageState.Empty, Submit(), AuthorisationDecision.Allow, T0, Window);
        var state = MessageState.Empty.Apply(events);

        Assert.Equal(SubmitOutcome.Accepted, outcome);
        Assert.Equal(["105", "100", "110", "200"], state.History.Select(s => s.Code));
        Assert.All(state.History, s => Assert.Equal(T0, s.Timestamp));
        Assert.Equal(MessagePhase.Validating, state.Phase);
        Assert.Equal(T0 + Window, state.DeliveryDeadline);
        Assert.False(state.IsFinal);
    }

    [Fact]
    public void An_unauthorised_sender_ends_the_process_with_210_and_the_reason()
    {
        var (outcome, events) = MessageDecisions.Submit(MessageState.Empty, Submit(),
            AuthorisationDecision.Deny("not for Omzetbelasting"), T0, Window);
        var state = MessageState.Empty.Apply(events);

        Assert.Equal(SubmitOutcome.Accepted, outcome);
        Assert.Equal(["105", "100", "110", "210"], state.History.Select(s => s.Code));
        Assert.Equal(FaultCodes.NotAuthorised, state.History[^1].FaultCode);
        Assert.Equal("not for Omzetbelasting", state.History[^1].Details);
        Assert.Equal(MessagePhase.Refused, state.Phase);
        Assert.True(state.IsFinal);
    }

    [Fact]
    public void The_same_submission_again_is_a_duplicate_that_changes_nothing()
    {
        var (outcome, events) = MessageDecisions.Submit(Accepted(), Submit(), AuthorisationDecision.Allow, T0.AddMinutes(5), Window);

        Assert.Equal(SubmitOutcome.Duplicate, outcome);
        Assert.Empty(events);
    }

    [Fact]
    public void The_same_aanleverkenmerk_with_other_content_is_a_conflict()
    {
        var (outcome, events) = MessageDecisions.Submit(Accepted(), Submit(contentHash: "bb"), AuthorisationDecision.Allow, T0, Window);

        Assert.Equal(SubmitOutcome.Conflict, outcome);
        Assert.Empty(events);
    }

    [Fact]
    public void The_same_aanleverkenmerk_from_another_sender_is_another_process()
    {
        var other = SenderIdentity.From("00000003876543210000");

        Assert.NotEqual(Submit().Kenmerk, Submit(sender: other).Kenmerk);
    }
}
