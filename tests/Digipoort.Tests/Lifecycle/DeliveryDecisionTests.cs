using Digipoort.Actors.Delivery;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using static Digipoort.Tests.Lifecycle.MessageFixtures;

namespace Digipoort.Tests.Lifecycle;

public class DeliveryDecisionTests
{
    private const string Bd = "belastingdienst";
    private static readonly DateTimeOffset T1 = T0.AddSeconds(3);

    [Fact]
    public void A_successful_delivery_yields_400_and_completes_the_message()
    {
        var state = Delivering(Bd);
        state = state.Attempt(Bd, 0, new DeliveryOutcome.Delivered(202), T1);

        Assert.Equal("400", state.History[^1].Code);
        Assert.Equal(Bd, state.History[^1].Recipient);
        Assert.Equal(MessagePhase.Completed, state.Phase);
        Assert.Equal(DeliveryState.Delivered, state.DeliveryTo(Bd)!.State);
        Assert.Equal(1, state.DeliveryTo(Bd)!.Attempts);
    }

    [Fact]
    public void A_refusal_yields_410_AFS400_without_retry()
    {
        var state = Delivering(Bd);
        state = state.Attempt(Bd, 0, new DeliveryOutcome.Refused(422, "HTTP 422 bad"), T1);

        Assert.Equal("410", state.History[^1].Code);
        Assert.Equal(FaultCodes.DeliveryRefused, state.History[^1].FaultCode);
        Assert.Equal(MessagePhase.Completed, state.Phase);
        Assert.Empty(MessageWork.Outstanding(state, T1.AddDays(1)));
    }

    [Fact]
    public void A_technical_failure_yields_420_and_a_persisted_next_attempt_with_exponential_backoff()
    {
        var state = Delivering(Bd);
        var now = T1;
        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            state = state.Attempt(Bd, 0, new DeliveryOutcome.TechnicalFailure("HTTP 503"), now);
            var next = state.DeliveryTo(Bd)!.NextAttemptAt!.Value;
            delays.Add(next - now);
            Assert.Equal("420", state.History[^1].Code);
            Assert.Null(state.History[^1].FaultCode);
            Assert.Equal(DeliveryState.Waiting, state.DeliveryTo(Bd)!.State);
            Assert.Equal([new WorkItem.WakeAt(MessageWork.DeliveryTimerKey(Bd, 0), next)], MessageWork.Outstanding(state, now));
            Assert.Equal([new WorkItem.Deliver(Bd, 0)], MessageWork.Outstanding(state, next));
            now = next;
        }

        Assert.Equal([30, 60, 120, 240], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public void Jitter_shortens_a_delay_by_at_most_its_share()
    {
        var state = Delivering(Bd);
        var failed = state.Attempt(Bd, 0, new DeliveryOutcome.TechnicalFailure("x"), T1, 0.999);

        var delay = failed.DeliveryTo(Bd)!.NextAttemptAt!.Value - T1;
        Assert.InRange(delay.TotalSeconds, 15, 15.1);
    }

    [Fact]
    public void Retries_are_never_scheduled_past_the_deadline()
    {
        var state = Delivering(Bd);
        var nearDeadline = state.DeliveryDeadline!.Value.AddSeconds(-10);
        state = state.Attempt(Bd, 0, new DeliveryOutcome.TechnicalFailure("x"), nearDeadline);

        Assert.Equal(state.DeliveryDeadline, state.DeliveryTo(Bd)!.NextAttemptAt);
    }

    [Fact]
    public void A_failure_at_the_deadline_ends_with_420_AFS600_and_a_return_to_sender_notice()
    {
        var state = Delivering(Bd);
        state = state.Attempt(Bd, 0, new DeliveryOutcome.TechnicalFailure("HTTP 500"), T1);
        var deadline = state.DeliveryDeadline!.Value;
        state = state.Attempt(Bd, 0, new DeliveryOutcome.TechnicalFailure("Connection refused"), deadline);

        var last = state.History[^1];
        Assert.Equal("420", last.Code);
        Assert.Equal(FaultCodes.DeliveryExpired, last.FaultCode);
        Assert.Equal(DeliveryState.Expired, state.DeliveryTo(Bd)!.State);
        Assert.Equal(2, state.DeliveryTo(Bd)!.Attempts);
        var notice = Assert.Single(state.ReturnedToSender);
        Assert.Equal(Bd, notice.Recipient);
        Assert.Contains("Connection refused", notice.Reason);
        Assert.Equal(MessagePhase.Completed, state.Phase);
    }

    [Fact]
    public void Each_recipient_has_its_own_delivery_and_the_message_completes_when_all_have_ended()
    {
        var state = Delivering(Bd, "cbs");
        state = state.Attempt(Bd, 0, new DeliveryOutcome.Delivered(200), T1);
        Assert.Equal(MessagePhase.Delivering, state.Phase);
        Assert.Equal([new WorkItem.Deliver("cbs", 0)], MessageWork.Outstanding(state, T1));

        state = state.Attempt("cbs", 0, new DeliveryOutcome.Refused(403, "no"), T1);
        Assert.Equal(MessagePhase.Completed, state.Phase);
        Assert.Equal(["405", "405", "400", "410"], state.History.Skip(5).Select(s => s.Code));
    }

    [Fact]
    public void An_outcome_for_a_delivery_that_already_ended_is_ignored()
    {
        var state = Delivering(Bd);
        state = state.Attempt(Bd, 0, new DeliveryOutcome.Delivered(200), T1);

        Assert.Empty(MessageDecisions.DeliveryAttempted(state, Bd, 0, 1, new DeliveryOutcome.Delivered(200), T1, Retry, 0));
        Assert.Empty(MessageDecisions.DeliveryAttempted(state, "unknown", 0, 1, new DeliveryOutcome.Delivered(200), T1, Retry, 0));
    }

    [Fact]
    public void Replaying_the_journal_from_scratch_rebuilds_the_history_from_the_events_facts_alone()
    {
        var state = Delivering(Bd);
        var events = MessageDecisions.DeliveryAttempted(state, Bd, 0, 1, new DeliveryOutcome.TechnicalFailure("x"), T1, Retry, 0.3);
        var failed = Assert.Single(events.OfType<Actors.Messages.DeliveryAttemptFailed>());

        // The journal as a recovering message reads it, from an empty state: what it shows comes from the events, not the clock.
        var replayed = Replay([.. AcceptedEvents(), new Actors.Messages.DocumentValidated([], T0.AddSeconds(1)),
            new Actors.Messages.MessageRouted([Bd], T0.AddSeconds(1)), .. events]);

        Assert.Equal(state.Apply(events).History, replayed.History);
        Assert.Equal((DigipoortStatus.TechnischProbleemAfleveren, T1), (replayed.History[^1].Code, replayed.History[^1].Timestamp));
        Assert.Equal($"Attempt 1 failed: x. Next attempt at {Timestamps.Format(failed.NextAttemptAt)}.", replayed.History[^1].Details);
    }
}
