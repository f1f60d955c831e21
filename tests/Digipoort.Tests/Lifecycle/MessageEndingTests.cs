using Digipoort.Actors.Delivery;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using static Digipoort.Tests.Lifecycle.MessageFixtures;

namespace Digipoort.Tests.Lifecycle;

/// <summary>The end of a message is recorded with the event that ends it, once (what the durable wake-up reads).</summary>
public class MessageEndingTests
{
    private const string Bd = "belastingdienst";
    private const string Cbs = "cbs";
    private static readonly DateTimeOffset T1 = T0.AddSeconds(3);

    [Fact]
    public void The_delivery_that_ends_a_message_is_written_with_its_end()
    {
        var state = Delivering(Bd);
        IMessageEvent[] delivered = [new DeliverySucceeded(Bd, 1, 202, T1)];

        var written = MessageDecisions.WithEnding(state, delivered, T1);

        Assert.Equal([delivered[0], new MessageEnded(T1)], written);
        var after = state.Apply(written);
        Assert.True(after.HasEnded && after.EndRecorded);
        Assert.Empty(MessageDecisions.WithEnding(after, [], T1.AddSeconds(1)));
    }

    [Fact]
    public void A_message_with_a_recipient_still_to_go_has_not_ended()
    {
        var state = Delivering(Bd, Cbs);
        IMessageEvent[] delivered = [new DeliverySucceeded(Bd, 1, 202, T1)];

        Assert.Equal(delivered, MessageDecisions.WithEnding(state, delivered, T1));
        Assert.Empty(MessageDecisions.WithEnding(state, [], T1));
    }

    [Fact]
    public void Refusals_at_intake_and_at_validation_end_the_message_at_once()
    {
        var refused = MessageDecisions.Submit(MessageState.Empty, Submit(), Actors.Processing.Authorisation.AuthorisationDecision.Deny("no"), T0, Window).Events;
        Assert.IsType<MessageEnded>(MessageDecisions.WithEnding(MessageState.Empty, refused, T0)[^1]);

        IMessageEvent[] rejected = [new DocumentRejected([], T1)];
        Assert.IsType<MessageEnded>(MessageDecisions.WithEnding(Accepted(), rejected, T1)[^1]);
    }

    [Fact]
    public void A_batch_item_ends_only_once_its_batch_knows()
    {
        var item = Replay([.. AcceptedEvents()]) with { BatchItem = new BatchItemRef("batch-1", 0) };
        item = item.Apply([new DocumentValidated([], T1), new MessageRouted([Bd], T1)]);
        var delivered = item.Apply([new DeliverySucceeded(Bd, 1, 202, T1)]);

        Assert.DoesNotContain(MessageDecisions.WithEnding(item, [new DeliverySucceeded(Bd, 1, 202, T1)], T1), e => e is MessageEnded);
        Assert.IsType<MessageEnded>(MessageDecisions.WithEnding(delivered, [new BatchNotified(T1)], T1)[^1]);
    }

    [Fact]
    public void A_message_that_ended_before_the_end_was_recorded_gets_it_written_without_other_events()
    {
        var old = Delivering(Bd).Attempt(Bd, 0, new DeliveryOutcome.Delivered(202), T1) with { EndRecorded = false };

        Assert.Equal([new MessageEnded(T1)], MessageDecisions.WithEnding(old, [], T1));
    }
}
