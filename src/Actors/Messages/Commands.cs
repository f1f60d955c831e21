using Digipoort.Actors.Domain;
using Digipoort.Actors.Serialization;

namespace Digipoort.Actors.Messages;

/// <summary>
/// Submit a message (aanleveren). The content is already in the blob store; the envelope carries
/// references. The entity id is <see cref="Kenmerk"/>, derived from (sender, aanleverkenmerk) when
/// the sender gives one, so a re-submission reaches the same entity. <see cref="Batch"/> is set when a
/// batch hands one of its items to its own message.
/// </summary>
public sealed record SubmitMessage(string Kenmerk, SenderIdentity Sender, MessageEnvelope Envelope, BatchItemRef? Batch = null)
    : IMessageCommand;

/// <summary>
/// Tells a batch (<see cref="Kenmerk"/> is the batch's) that its item <see cref="Index"/> ended; the batch
/// answers <see cref="BatchItemEndedAck"/> once that is durable. Sent again until answered.
/// </summary>
public sealed record BatchItemEnded(string Kenmerk, int Index, bool Delivered) : IMessageCommand;

/// <summary>
/// Carry on with whatever is outstanding (sent by the durable wake-up, <c>SenderViews.MessageWaker</c>): starts the
/// message if it is not running — after a crash, a restart or a move to another node — and is a no-op for one that is.
/// Not answered.
/// </summary>
public sealed record WakeMessage(string Kenmerk) : IWithKenmerk, IDigipoortWireMessage;

/// <summary>The batch has recorded how its item <see cref="Index"/> ended.</summary>
public sealed record BatchItemEndedAck(int Index) : IDigipoortWireMessage;
