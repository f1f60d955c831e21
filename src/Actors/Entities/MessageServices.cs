using Akka.Actor;
using Digipoort.Actors.Delivery;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Processing;
using Digipoort.Actors.Processing.Authorisation;
using Digipoort.Actors.Processing.Splitting;

namespace Digipoort.Actors.Entities;

/// <summary>
/// What a message actor needs from the node: the clock, the rules and the services that do the
/// slow work off its mailbox. One instance per node, shared by all message actors.
/// </summary>
/// <param name="messageRegion">The message entities' shard region (resolved once the actor system runs).</param>
public sealed class MessageServices(
    TimeProvider clock,
    AuthorisationMatrixProvider authorisation,
    DocumentProcessing processing,
    DeliveryService delivery,
    BatchItemRelease batchRelease,
    Func<IActorRef> messageRegion,
    MessageLifecycleSettings settings,
    NodeCapacity capacity,
    Func<double>? random = null)
{
    public TimeProvider Clock { get; } = clock;
    public AuthorisationMatrix Authorisation => authorisation.Current;
    public DocumentProcessing Processing { get; } = processing;
    public DeliveryService Delivery { get; } = delivery;
    public BatchItemRelease BatchRelease { get; } = batchRelease;
    public Func<IActorRef> MessageRegion { get; } = messageRegion;
    public MessageLifecycleSettings Settings { get; } = settings;
    public NodeCapacity Capacity { get; } = capacity;

    /// <summary>A draw from [0, 1) for retry jitter.</summary>
    public Func<double> Random { get; } = random ?? System.Random.Shared.NextDouble;
}
