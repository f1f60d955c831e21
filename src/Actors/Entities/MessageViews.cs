using Digipoort.Actors.Messages;

namespace Digipoort.Actors.Entities;

/// <summary>Read models of a message's state for the query replies (pure).</summary>
public static class MessageViews
{
    public static MessageStatusesReply Statuses(string kenmerk, MessageState state, DateTimeOffset? from, DateTimeOffset? to) =>
        new(kenmerk, state.Phase != MessagePhase.Empty,
            state is { Sender: { } sender, Envelope: { } envelope }
                ? new MessageOwner(sender, envelope.Berichtsoort, envelope.IdentiteitBelanghebbende)
                : null,
            [.. state.History.Where(s => (from is null || s.Timestamp >= from) && (to is null || s.Timestamp <= to))]);

    public static MessageSummaryReply Summary(string kenmerk, MessageState state) =>
        new(kenmerk,
            Found: state.Phase != MessagePhase.Empty,
            state.Sender,
            state.Envelope,
            state.AcceptedAt,
            state.DeliveryDeadline,
            state.Phase.ToString(),
            state.IsFinal,
            [.. state.Deliveries.Select(d => new RecipientDeliveryView(d.Recipient, d.State.ToString(), d.Attempts,
                d.NextAttemptAt, d.CompletedAt, d.Part))],
            state.ReturnedToSender,
            state.History.LastOrDefault(),
            state.Batch is { } b
                ? new BatchView(b.Items, b.ItemBerichtsoort, b.Ordered, b.Finished.Count, b.Delivered, b.NotDelivered)
                : null,
            state.BatchItem);
}
