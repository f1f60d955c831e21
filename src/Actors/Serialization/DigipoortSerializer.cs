using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.Serialization;

/// <summary>
/// The one serializer for <see cref="IDigipoortWireMessage"/>: System.Text.Json payloads under short,
/// permanent manifests. A manifest names a contract, not a CLR type, so types can be renamed or moved
/// freely; a manifest, once released, is never reused for something else.
/// </summary>
public sealed class DigipoortSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4711;

    private static readonly FrozenDictionary<Type, string> ManifestByType = new Dictionary<Type, string>
    {
        // events (persisted: never change these)
        [typeof(MessageSubmitted)] = "E1",
        [typeof(SenderAuthorised)] = "E2",
        [typeof(SenderRefused)] = "E3",
        [typeof(DocumentValidated)] = "E4",
        [typeof(DocumentRejected)] = "E5",
        [typeof(ValidationFailedTechnically)] = "E6",
        [typeof(MessageRouted)] = "E7",
        [typeof(RoutingFailed)] = "E8",
        [typeof(DeliverySucceeded)] = "E9",
        [typeof(DeliveryRefused)] = "E10",
        [typeof(DeliveryAttemptFailed)] = "E11",
        [typeof(DeliveryExpired)] = "E12",
        [typeof(TransformationFailed)] = "E13",
        [typeof(BatchSplit)] = "E14",
        [typeof(BatchItemsReleased)] = "E15",
        [typeof(BatchItemsFinished)] = "E16",
        [typeof(BatchNotified)] = "E17",
        [typeof(DeliveryAttemptStarted)] = "E18",
        [typeof(MessageEnded)] = "E19",
        // commands, queries and replies (cross node boundaries)
        [typeof(SubmitMessage)] = "C1",
        [typeof(BatchItemEnded)] = "C2",
        [typeof(WakeMessage)] = "C3",
        [typeof(GetMessageStatuses)] = "Q1",
        [typeof(GetMessageSummary)] = "Q2",
        [typeof(SubmitReply)] = "R1",
        [typeof(MessageStatusesReply)] = "R2",
        [typeof(MessageSummaryReply)] = "R3",
        [typeof(BatchItemEndedAck)] = "R4",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> TypeByManifest =
        ManifestByType.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    public override int Identifier => SerializerId;

    /// <summary>All types this serializer handles (for the round-trip tests).</summary>
    public static IEnumerable<Type> KnownTypes => ManifestByType.Keys;

    public override string Manifest(object o) =>
        ManifestByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no manifest in {nameof(DigipoortSerializer)}.", nameof(o));

    public override byte[] ToBinary(object obj) =>
        JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), WireJson.Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypeByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, WireJson.Options)
              ?? throw new SerializationException($"Manifest {manifest} deserialized to null.")
            : throw new SerializationException($"Unknown manifest '{manifest}'.");
}
