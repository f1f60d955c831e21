using Akka.Actor;
using Akka.Persistence;

namespace Digipoort.Bench.Journal;

/// <summary>Persist one event, answer once it is durable (<see cref="Appended"/>).</summary>
internal sealed record Append(byte[] Payload);

internal sealed class Appended
{
    public static readonly Appended Instance = new();

    private Appended() { }
}

/// <summary>Answered with the number of events the entity holds: proof that it has recovered.</summary>
internal sealed class Count
{
    public static readonly Count Instance = new();

    private Count() { }
}

/// <summary>
/// A long-lived event-sourced entity that does nothing but journal: one event per command, written with
/// <c>Persist</c> (the entity stashes further commands until the write is durable, as the gateway's
/// message actor does) and answered from the callback. Untagged, like the gateway's message events.
/// </summary>
internal sealed class JournalEntity : ReceivePersistentActor
{
    private long _events;

    public JournalEntity(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<byte[]>(_ => _events++);
        Command<Append>(append =>
        {
            var sender = Sender;
            Persist(append.Payload, _ =>
            {
                _events++;
                sender.Tell(Appended.Instance);
            });
        });
        Command<Count>(_ => Sender.Tell(_events));
    }

    public override string PersistenceId { get; }
}
