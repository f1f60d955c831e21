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

    /// <param name="part">0 for the message (as <paramref name="plan"/> says), n for its n-th attachment on its own.</param>
    public async Task<DeliveryOutcome> DeliverAsync(Kenmerk kenmerk, SenderIdentity sender, MessageEnvelope envelope,
        DeliveryPlan plan, int part, int attempt, CancellationToken cancellationToken)
    {
        var recipientId = plan.Recipient;
        if (!recipients.TryGet(recipientId, out var recipient))
            return new DeliveryOutcome.TechnicalFailure($"Recipient '{recipientId}' is not configured on this node.");

        var gate = _gates.GetOrAdd(recipientId, _ => new SemaphoreSlim(maxConcurrentPerRecipient));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var request = DeliveryRequest.For(kenmerk, sender, envelope, recipient, plan, part, attempt);
            return await channel.DeliverAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
