using System.Collections.Immutable;
using Akka.Persistence.Journal;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.SenderViews;

/// <summary>
/// Tags every message event as it is written, so that projections can follow all messages with one
/// eventsByTag query. A write event adapter in the journal's configuration: the message entity does
/// not know about it, and new event types are tagged as soon as they implement <see cref="IMessageEvent"/>.
/// </summary>
public sealed class MessageEventTagger : IWriteEventAdapter
{
    public const string Tag = "message";

    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(Tag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is IMessageEvent ? new Tagged(evt, Tags) : evt;
}
