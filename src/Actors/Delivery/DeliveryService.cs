using System.Collections.Concurrent;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Delivery;

/// <summary>
/// Runs delivery attempts for the message actors of this node, at most
/// <c>maxConcurrentPerRecipient</c> at a time per recipient, so that a slow or failing recipient
/// neither starves the others nor gets flooded when a backlog resumes.
/// </summary>
public sealed class DeliveryService(IDeliveryChannel channel, RecipientDirectory recipients, int maxConcurrentPerRecipient)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public async Task<DeliveryOutcome> DeliverAsync(Kenmerk kenmerk, SenderIdentity sender, MessageEnvelope envelope,
        string recipientId, int attempt, CancellationToken cancellationToken)
    {
        if (!recipients.TryGet(recipientId, out var recipient))
            return new DeliveryOutcome.TechnicalFailure($"Recipient '{recipientId}' is not configured on this node.");

        var gate = _gates.GetOrAdd(recipientId, _ => new SemaphoreSlim(maxConcurrentPerRecipient));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var request = new DeliveryRequest(kenmerk, sender, envelope, recipient, envelope.BerichtInhoud, attempt);
            return await channel.DeliverAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
