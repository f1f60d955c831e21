using Digipoort.Actors.Serialization;

namespace Digipoort.Actors.Messages;

/// <summary>The routing key of the message entity: every command and query for it carries its kenmerk.</summary>
public interface IWithKenmerk
{
    string Kenmerk { get; }
}

/// <summary>Asks a message entity to do something; answered once the outcome is durable.</summary>
public interface IMessageCommand : IWithKenmerk, IDigipoortWireMessage;

/// <summary>Asks a message entity for information; never changes it.</summary>
public interface IMessageQuery : IWithKenmerk, IDigipoortWireMessage;

/// <summary>A fact about a message, persisted in its journal. Carries its own timestamp.</summary>
public interface IMessageEvent : IDigipoortWireMessage
{
    DateTimeOffset At { get; }
}
