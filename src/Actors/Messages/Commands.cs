using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Messages;

/// <summary>
/// Submit a message (aanleveren). The content is already in the blob store; the envelope carries
/// references. The entity id is <see cref="Kenmerk"/>, derived from (sender, aanleverkenmerk) when
/// the sender gives one, so a re-submission reaches the same entity.
/// </summary>
public sealed record SubmitMessage(string Kenmerk, SenderIdentity Sender, MessageEnvelope Envelope) : IMessageCommand;
