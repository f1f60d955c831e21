using Digipoort.Actors.Delivery;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using static Digipoort.Tests.Lifecycle.MessageFixtures;

namespace Digipoort.Tests.Lifecycle;

/// <summary>
/// Which attempt a delivery makes and what is recorded before it: a repeat of an attempt that may have reached
/// the recipient always carries a higher number, and the happy path writes nothing extra.
/// </summary>
public class DeliveryAttemptTests
{
    private const string Bd = "belastingdienst";
    private static readonly DateTimeOffset T1 = T0.AddSeconds(3);

    [Fact]
    public void The_actor_that_routed_the_message_makes_the_first_attempt_without_a_further_write()
    {
        var start = MessageDecisions.StartAttempt(Delivering(Bd), Bd, 0, startedAttemptUnused: true, T1)!;

        Assert.Equal(1, start.Attempt);
        Assert.Empty(start.RecordFirst);
    }

    [Fact]
    public void A_retry_is_recorded_under_the_next_number_before_it_is_made_and_adds_no_status()
    {
        var failed = Delivering(Bd).Attempt(Bd, 0, new DeliveryOutcome.TechnicalFailure("HTTP 503"), T1);
        var retryAt = failed.DeliveryTo(Bd)!.NextAttemptAt!.Value;

        var start = MessageDecisions.StartAttempt(failed, Bd, 0, startedAttemptUnused: true, retryAt)!;
        var started = failed.Apply(start.RecordFirst);

        Assert.Equal(2, start.Attempt);
        Assert.Equal([new DeliveryAttemptStarted(Bd, 2, retryAt, 0)], start.RecordFirst);
        Assert.Equal(failed.History, started.History);
        Assert.Equal((DeliveryState.Pending, null, 2, 1),
            (started.DeliveryTo(Bd)!.State, started.DeliveryTo(Bd)!.NextAttemptAt, started.DeliveryTo(Bd)!.StartedAttempt, started.DeliveryTo(Bd)!.Attempts));
    }

    [Fact]
    public void After_a_restart_an_attempt_that_may_have_been_under_way_is_followed_by_a_recorded_higher_one()
    {
        // Recovered: attempt 1 counts as started by the routing and has no outcome; it may have reached the recipient.
        var recovered = Delivering(Bd);
        var second = MessageDecisions.StartAttempt(recovered, Bd, 0, startedAttemptUnused: false, T1)!;
        Assert.Equal(2, second.Attempt);
        Assert.Equal([new DeliveryAttemptStarted(Bd, 2, T1, 0)], second.RecordFirst);

        // Restarted again while attempt 2 was under way: the next is 3, even though neither had an outcome.
        var third = MessageDecisions.StartAttempt(recovered.Apply(second.RecordFirst), Bd, 0, startedAttemptUnused: false, T1)!;
        Assert.Equal(3, third.Attempt);

        var state = recovered.Apply(second.RecordFirst).Apply(third.RecordFirst);
        state = state.Apply(MessageDecisions.DeliveryAttempted(state, Bd, 0, 3, new DeliveryOutcome.Delivered(200), T1, Retry, 0));
        Assert.Equal("400", state.History[^1].Code);
        Assert.Contains("attempt 3", state.History[^1].Details, StringComparison.Ordinal);
        Assert.Equal(3, state.DeliveryTo(Bd)!.Attempts);
    }

    [Fact]
    public void An_actor_that_made_its_first_attempt_records_the_next_one_even_when_told_the_start_is_unused()
    {
        // Only the latest attempt without an outcome can be unused; once it has an outcome the next is recorded.
        var failed = Delivering(Bd).Attempt(Bd, 0, new DeliveryOutcome.TechnicalFailure("x"), T1);

        Assert.Single(MessageDecisions.StartAttempt(failed, Bd, 0, startedAttemptUnused: true, T1)!.RecordFirst);
    }

    [Fact]
    public void An_outcome_of_any_but_the_latest_attempt_started_is_ignored()
    {
        var state = Delivering(Bd).Apply([new DeliveryAttemptStarted(Bd, 2, T1, 0)]);

        Assert.Empty(MessageDecisions.DeliveryAttempted(state, Bd, 0, 1, new DeliveryOutcome.Delivered(200), T1, Retry, 0));
        Assert.Single(MessageDecisions.DeliveryAttempted(state, Bd, 0, 2, new DeliveryOutcome.Delivered(200), T1, Retry, 0));
    }

    [Fact]
    public void An_ended_delivery_starts_no_attempt_and_a_late_start_record_leaves_it_as_it_is()
    {
        var delivered = Delivering(Bd).Attempt(Bd, 0, new DeliveryOutcome.Delivered(200), T1);

        Assert.Null(MessageDecisions.StartAttempt(delivered, Bd, 0, startedAttemptUnused: false, T1));
        Assert.Equal(delivered.DeliveryTo(Bd), delivered.Apply([new DeliveryAttemptStarted(Bd, 2, T1, 0)]).DeliveryTo(Bd));
    }

    [Fact]
    public void Journals_written_before_attempts_were_recorded_replay_to_the_same_numbers()
    {
        // Outcomes of attempts 1 and 2 without any DeliveryAttemptStarted, as older nodes wrote them.
        var state = Delivering(Bd).Apply(
        [
            new DeliveryAttemptFailed(Bd, 1, "x", T1.AddSeconds(30), T1),
            new DeliveryAttemptFailed(Bd, 2, "x", T1.AddSeconds(90), T1.AddSeconds(30)),
        ]);

        Assert.Equal((2, 2), (state.DeliveryTo(Bd)!.Attempts, state.DeliveryTo(Bd)!.StartedAttempt));
        Assert.Equal(3, MessageDecisions.StartAttempt(state, Bd, 0, startedAttemptUnused: false, T1.AddSeconds(90))!.Attempt);
    }

    [Fact]
    public void Routing_counts_the_first_attempt_of_every_delivery_it_makes_due_as_started_and_nothing_else_does()
    {
        var routed = new MessageRouted([Bd, "cbs"], T1);
        var state = Accepted().Apply([new DocumentValidated([], T1), routed]);

        Assert.Equal([(Bd, 0), ("cbs", 0)], MessageWork.FirstAttemptsStartedBy(routed, state));
        Assert.All(state.Deliveries, d => Assert.Equal((1, 0), (d.StartedAttempt, d.Attempts)));
        Assert.Empty(MessageWork.FirstAttemptsStartedBy(new DeliveryAttemptStarted(Bd, 2, T1, 0), state));
        Assert.Empty(MessageWork.FirstAttemptsStartedBy(new DocumentValidated([], T1), state));
    }
}
