using Digipoort.Actors.Delivery;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing.Authorisation;

namespace Digipoort.Tests.Lifecycle;

/// <summary>Builders for the pure lifecycle tests.</summary>
internal static class MessageFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    public static readonly SenderIdentity Sender = SenderIdentity.From("00000003123456780000");
    public static readonly TimeSpan Window = TimeSpan.FromHours(72);
    public static readonly RetryPolicy Retry = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 0.5);

    public static MessageEnvelope Envelope(string contentHash = "aa", string berichtsoort = "Omzetbelasting") => new(
        berichtsoort, "ref-1", null, new Identiteit("001000044B37", "Fi"), "Bedrijf", null, null,
        new Document("text/xml", "aangifte.xml", new BlobRef(contentHash.PadRight(64, '0'), 1234)), [], null);

    public static SubmitMessage Submit(string contentHash = "aa", SenderIdentity? sender = null) =>
        new(Kenmerk.ForSubmission(sender ?? Sender, "ref-1").Value, sender ?? Sender, Envelope(contentHash));

    public static MessageState Replay(params IMessageEvent[] events) => events.Aggregate(MessageState.Empty, MessageState.Apply);

    public static IMessageEvent[] AcceptedEvents() =>
        [.. MessageDecisions.Submit(MessageState.Empty, Submit(), AuthorisationDecision.Allow, T0, Window).Events];

    public static MessageState Accepted() => Replay(AcceptedEvents());

    public static MessageState Delivering(params string[] recipients) =>
        Replay([.. AcceptedEvents(), new DocumentValidated([], T0.AddSeconds(1)), new MessageRouted(recipients, T0.AddSeconds(1))]);

    public static MessageState Apply(this MessageState state, IEnumerable<IMessageEvent> events) =>
        events.Aggregate(state, MessageState.Apply);

    /// <summary>
    /// One delivery attempt as an actor that has not restarted makes it: its start recorded where it must be,
    /// then its outcome.
    /// </summary>
    public static MessageState Attempt(this MessageState state, string recipient, int part, DeliveryOutcome outcome,
        DateTimeOffset at, double random = 0)
    {
        var start = MessageDecisions.StartAttempt(state, recipient, part, startedAttemptUnused: true, at)!;
        state = state.Apply(start.RecordFirst);
        return state.Apply(MessageDecisions.DeliveryAttempted(state, recipient, part, start.Attempt, outcome, at, Retry, random));
    }
}
