using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing;
using static Digipoort.Tests.Lifecycle.MessageFixtures;

namespace Digipoort.Tests.Lifecycle;

public class ValidationDecisionTests
{
    private static readonly DateTimeOffset T1 = T0.AddSeconds(2);

    [Fact]
    public void A_valid_document_yields_301_and_405_for_each_routed_recipient()
    {
        var events = MessageDecisions.ProcessingCompleted(Accepted(), Routed("belastingdienst", "cbs"), T1);
        var state = Accepted().Apply(events);

        Assert.Equal(["301", "405", "405"], state.History.Skip(4).Select(s => s.Code));
        Assert.Equal(["belastingdienst", "cbs"], state.History.Skip(5).Select(s => s.Recipient));
        Assert.Equal(MessagePhase.Delivering, state.Phase);
        Assert.All(state.Deliveries, d => Assert.Equal(DeliveryState.Pending, d.State));
    }

    [Fact]
    public void An_invalid_document_ends_the_process_with_311_VAS500_and_all_findings()
    {
        Finding[] findings = [new("XSD", "bad number", 3, 7), new("XSD", "negative amount", 9, 12)];
        var state = Accepted().Apply(MessageDecisions.ProcessingCompleted(Accepted(), new DocumentProcessingResult.Rejected(findings), T1));

        var last = state.History[^1];
        Assert.Equal("311", last.Code);
        Assert.Equal(FaultCodes.ValidationFailed, last.FaultCode);
        Assert.Equal(findings, last.Findings);
        Assert.Equal(MessagePhase.Rejected, state.Phase);
        Assert.True(state.IsFinal);
    }

    [Fact]
    public void A_valid_document_without_any_recipient_ends_with_410_AFS100()
    {
        var state = Accepted().Apply(MessageDecisions.ProcessingCompleted(Accepted(), new DocumentProcessingResult.Unroutable([], "No recipient is configured for berichtsoort 'Omzetbelasting'."), T1));

        Assert.Equal(["301", "410"], state.History.Skip(4).Select(s => s.Code));
        Assert.Equal(FaultCodes.NoRecipient, state.History[^1].FaultCode);
        Assert.Equal(MessagePhase.Undeliverable, state.Phase);
    }

    [Fact]
    public void A_technical_validation_problem_is_retried_with_backoff_then_ends_with_321_VAS400()
    {
        var state = Accepted();
        var now = T1;
        for (var attempt = 1; attempt < 3; attempt++)
        {
            state = state.Apply(MessageDecisions.ValidationCouldNotRun(state, "disk error", now, Retry, maxAttempts: 3, random: 0));
            var entry = state.History[^1];
            Assert.Equal("321", entry.Code);
            Assert.Null(entry.FaultCode);
            Assert.Equal(now + Retry.DelayAfter(attempt, 0), state.ValidationRetryAt);
            Assert.False(state.IsFinal);
            now = state.ValidationRetryAt!.Value;
        }

        state = state.Apply(MessageDecisions.ValidationCouldNotRun(state, "disk error", now, Retry, maxAttempts: 3, random: 0));

        Assert.Equal(FaultCodes.ValidationTechnicalError, state.History[^1].FaultCode);
        Assert.Equal(MessagePhase.ValidationAborted, state.Phase);
    }

    [Fact]
    public void An_authorised_message_is_validated_at_once_and_after_a_technical_problem_at_its_retry_instant()
    {
        Assert.Equal([new WorkItem.Validate()], MessageWork.Outstanding(Accepted(), T1));

        var waiting = Accepted().Apply(MessageDecisions.ValidationCouldNotRun(Accepted(), "io", T1, Retry, 5, 0));
        var retryAt = waiting.ValidationRetryAt!.Value;

        Assert.Equal([new WorkItem.WakeAt(MessageWork.ValidationTimerKey, retryAt)], MessageWork.Outstanding(waiting, T1));
        Assert.Equal([new WorkItem.Validate()], MessageWork.Outstanding(waiting, retryAt));
    }

    [Fact]
    public void A_final_message_has_no_outstanding_work()
    {
        var rejected = Accepted().Apply([new DocumentRejected([], T1)]);

        Assert.True(rejected.IsFinal);
        Assert.Empty(MessageWork.Outstanding(rejected, T1.AddDays(10)));
    }

    [Fact]
    public void A_late_validation_result_after_the_process_ended_is_ignored()
    {
        var rejected = Accepted().Apply([new DocumentRejected([], T1)]);

        Assert.Empty(MessageDecisions.ProcessingCompleted(rejected, Routed("belastingdienst"), T1));
        Assert.Empty(MessageDecisions.ValidationCouldNotRun(rejected, "x", T1, Retry, 3, 0));
    }

    private static DocumentProcessingResult.Routed Routed(params string[] recipients) =>
        new([], recipients, [], new Dictionary<string, string>());
}
