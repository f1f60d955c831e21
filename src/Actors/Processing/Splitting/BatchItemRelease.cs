using Akka.Actor;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Storage;

namespace Digipoort.Actors.Processing.Splitting;

/// <summary>What releasing items needs to know of their batch.</summary>
public sealed record BatchToRelease(Kenmerk Kenmerk, SenderIdentity Sender, MessageEnvelope Envelope, BatchProgress Progress);

/// <summary>
/// Hands a batch's items to their own messages: for each, a submission under its derived kenmerk, from the
/// batch's sender and on behalf of the batch's belanghebbende. At most <c>parallelism</c> items on this node at
/// a time, over all batches, each waiting for room on the node (<see cref="NodeCapacity"/>) and then
/// for the item to be durable, so batches of any size and number feed the journal at the pace it takes.
/// Releasing again (after a crash) reaches the same items, which answer as duplicates.
/// </summary>
public sealed class BatchItemRelease(IBlobStore blobs, Func<IActorRef> messageRegion, int parallelism, TimeSpan askTimeout,
    NodeCapacity capacity)
{
    private readonly SemaphoreSlim _slots = new(parallelism);

    public async Task ReleaseAsync(BatchToRelease batch, int from, int count, CancellationToken ct)
    {
        var region = messageRegion();
        await using var index = blobs.OpenRead(batch.Progress.Index);
        await Parallel.ForEachAsync(BatchIndex.ReadAsync(index, from, count, ct),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (entry, token) =>
            {
                var submit = ItemSubmission(batch, entry.Index, entry.Item);
                await _slots.WaitAsync(token);
                try
                {
                    await capacity.WaitForRoomAsync(token);
                    var reply = await region.Ask<SubmitReply>(submit, askTimeout, token);
                    if (reply.Outcome == SubmitOutcome.Conflict)
                        throw new InvalidOperationException($"Item {entry.Index} conflicts with an existing message {submit.Kenmerk}.");
                }
                finally
                {
                    _slots.Release();
                }
            });
    }

    public static SubmitMessage ItemSubmission(BatchToRelease batch, int index, BlobRef item)
    {
        var parent = batch.Envelope;
        var number = index + 1;
        var envelope = new MessageEnvelope(
            batch.Progress.ItemBerichtsoort,
            Aanleverkenmerk: null,
            EerderAanleverkenmerk: null,
            parent.IdentiteitBelanghebbende,
            parent.RolBelanghebbende,
            parent.IdentiteitOntvanger,
            parent.RolOntvanger,
            new Document("application/xml", $"item-{number:D6}.xml", item),
            [],
            parent.AutorisatieAdres);
        return new SubmitMessage(Kenmerk.ForBatchItem(batch.Kenmerk, index).Value, batch.Sender, envelope,
            new BatchItemRef(batch.Kenmerk.Value, index));
    }
}
