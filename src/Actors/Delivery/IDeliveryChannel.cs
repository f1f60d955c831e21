using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Delivery;

/// <summary>Hands one message to one recipient, once. Retrying is the message actor's decision.</summary>
public interface IDeliveryChannel
{
    /// <summary>Never throws for recipient-side problems: those are a <see cref="DeliveryOutcome"/>.</summary>
    Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken);
}

/// <summary>Everything a channel needs to deliver one message to one recipient.</summary>
public sealed record DeliveryRequest(
    Kenmerk Kenmerk,
    SenderIdentity Sender,
    MessageEnvelope Envelope,
    Recipient Recipient,
    Document Document,
    int Attempt)
{
    /// <summary>Stable across retries, so a recipient can recognise a repeated delivery.</summary>
    public string IdempotencyKey => $"{Kenmerk.Value}:{Recipient.Id}";
}

/// <summary>How one delivery attempt ended.</summary>
public abstract record DeliveryOutcome
{
    private DeliveryOutcome() { }

    /// <summary>The recipient accepted the message (2xx).</summary>
    public sealed record Delivered(int HttpStatus) : DeliveryOutcome;

    /// <summary>The recipient definitely refused the message (4xx other than 408/429): final, no retry.</summary>
    public sealed record Refused(int HttpStatus, string Detail) : DeliveryOutcome;

    /// <summary>The recipient could not be reached or failed (5xx, 408, 429, timeout, connection refused): retry.</summary>
    public sealed record TechnicalFailure(string Detail) : DeliveryOutcome;
}
