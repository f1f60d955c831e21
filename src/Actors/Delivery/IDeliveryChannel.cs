using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Delivery;

/// <summary>Hands one message to one recipient, once. Retrying is the message actor's decision.</summary>
public interface IDeliveryChannel
{
    /// <summary>Never throws for recipient-side problems: those are a <see cref="DeliveryOutcome"/>.</summary>
    Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Everything a channel needs to deliver one part of a message to one recipient. Part 0 is the message:
/// <see cref="Document"/> (the original or its transformation) with <see cref="InlineAttachments"/>, or
/// listing <see cref="SeparateAttachments"/> that follow as their own deliveries. Part n is the n-th
/// attachment on its own.
/// </summary>
public sealed record DeliveryRequest(
    Kenmerk Kenmerk,
    SenderIdentity Sender,
    MessageEnvelope Envelope,
    Recipient Recipient,
    Document Document,
    int Attempt,
    int Part = 0,
    IReadOnlyList<Document>? InlineAttachments = null,
    IReadOnlyList<Document>? SeparateAttachments = null)
{
    /// <summary>Stable across retries, so a recipient can recognise a repeated delivery.</summary>
    public string IdempotencyKey => PartKey(Kenmerk, Recipient.Id, Part);

    /// <summary>The idempotency key of a part: an attachment delivered on its own refers to its message by it.</summary>
    public static string PartKey(Kenmerk kenmerk, string recipient, int part) =>
        part == 0 ? $"{kenmerk.Value}:{recipient}" : $"{kenmerk.Value}:{recipient}:bijlage-{part}";

    public static DeliveryRequest For(Kenmerk kenmerk, SenderIdentity sender, MessageEnvelope envelope, Recipient recipient,
        DeliveryPlan plan, int part, int attempt)
    {
        if (part > 0)
            return new DeliveryRequest(kenmerk, sender, envelope, recipient, envelope.BerichtBijlagen[part - 1], attempt, part);
        var document = plan.Document ?? envelope.BerichtInhoud;
        return plan.AttachmentsSeparate
            ? new DeliveryRequest(kenmerk, sender, envelope, recipient, document, attempt, SeparateAttachments: envelope.BerichtBijlagen)
            : new DeliveryRequest(kenmerk, sender, envelope, recipient, document, attempt, InlineAttachments: envelope.BerichtBijlagen);
    }
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
