namespace Digipoort.Actors.Domain;

/// <summary>
/// What one recipient gets: <see cref="Document"/> replaces the original (a transformation stored as its
/// own blob) when set; with <see cref="AttachmentsSeparate"/> each attachment is its own delivery that
/// refers to the message, instead of travelling with it.
/// </summary>
public sealed record DeliveryPlan(string Recipient, Document? Document, bool AttachmentsSeparate);
