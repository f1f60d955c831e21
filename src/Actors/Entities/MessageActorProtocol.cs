using Akka.Actor;
using Akka.Event;
using Digipoort.Actors.Delivery;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Actors.Entities;

// Messages a message actor sends itself: results of work run off its mailbox and timer ticks.
// They never leave the node, so they are exempt from serialization checks.

internal sealed record ValidationFinished(DocumentValidationResult Result) : INoSerializationVerificationNeeded;

internal sealed record DeliveryFinished(string Recipient, DeliveryOutcome Outcome) : INoSerializationVerificationNeeded;

/// <summary>A timer fired: re-derive the outstanding work.</summary>
internal sealed class WakeUp : INoSerializationVerificationNeeded, IDeadLetterSuppression
{
    public static readonly WakeUp Instance = new();

    private WakeUp() { }
}
