using Akka.Actor;
using Akka.Configuration;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Serialization;

namespace Digipoort.Tests.Serialization;

public sealed class DigipoortSerializerTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 15, 30, 123, TimeSpan.Zero);
    private static readonly SenderIdentity Sender = SenderIdentity.From("00000003123456780000");
    private static readonly BlobRef Blob = new(new string('a', 64), 42);
    private static readonly MessageEnvelope Envelope = new("Omzetbelasting", "ref-1", "ref-0", new Identiteit("001000044B37", "Fi"),
        "Bedrijf", new Identiteit("00000001003214345000", "OIN"), "Ontvanger", new Document("text/xml", "a.xml", Blob),
        [new Document("application/pdf", "bijlage.pdf", Blob with { Length = 7 })], "http://geenausp.nl");
    private static readonly StatusEntry Status = StatusEntry.Of("311", At, "VAS500", "2 finding(s)", "belastingdienst",
        [new Finding("XSD", "bad", 3, 4)]);

    /// <summary>One instance of every type the serializer handles.</summary>
    internal static readonly object[] SampleMessages =
    [
        new MessageSubmitted("k-1", Sender, Envelope, At.AddHours(72), At),
        new SenderAuthorised(At),
        new SenderRefused("no", At),
        new DocumentValidated([new Finding("XSD-WARNING", "w", 1, 2)], At),
        new DocumentRejected([new Finding("XSD", "e", 1, 2)], At),
        new ValidationFailedTechnically(2, "io", At.AddSeconds(5), At),
        new MessageRouted(["belastingdienst", "cbs"], At),
        new MessageSubmitted("k-2", Sender, Envelope, At.AddHours(72), At, new BatchItemRef("k-1", 41)),
        new MessageRouted(["gemeente-utrecht", "cbs"], At,
            [new DeliveryPlan("cbs", new Document("application/json", "a.json", Blob), false), new DeliveryPlan("gemeente-utrecht", null, true)]),
        new TransformationFailed("cbs", "xsl:message terminate", At),
        new BatchSplit(10_000, "Factuur", Blob, true, At),
        new BatchItemsReleased(10_000, At),
        new BatchItemsFinished([1, 2, 3], [4], At),
        new BatchNotified(At),
        new MessageEnded(At),
        new DeliverySucceeded("gemeente-utrecht", 1, 200, At, 2),
        new BatchItemEnded("k-1", 41, true),
        new BatchItemEndedAck(41),
        new WakeMessage("k-1"),
        new RoutingFailed("none", At),
        new DeliverySucceeded("belastingdienst", 3, 202, At),
        new DeliveryRefused("belastingdienst", 1, 422, "HTTP 422", At),
        new DeliveryAttemptFailed("belastingdienst", 1, "HTTP 503", At.AddSeconds(30), At),
        new DeliveryAttemptStarted("belastingdienst", 2, At),
        new DeliveryAttemptStarted("gemeente-utrecht", 3, At, 1),
        new DeliveryExpired("belastingdienst", 9, "timeout", At),
        new SubmitMessage("k-1", Sender, Envelope),
        new GetMessageStatuses("k-1", At, At.AddDays(1)),
        new GetMessageSummary("k-1"),
        new SubmitReply(SubmitOutcome.Duplicate, "k-1", At, [Status]),
        new MessageStatusesReply("k-1", true, new MessageOwner(Sender, "Omzetbelasting", new Identiteit("001000044B37", "Fi")), [Status]),
        new MessageSummaryReply("k-1", true, Sender, Envelope, At, At.AddHours(72), "Delivering", false,
            [new RecipientDeliveryView("belastingdienst", "Waiting", 2, At.AddMinutes(1), null)],
            [new ReturnToSenderNotice("cbs", "gone", At)], Status),
        new MessageSummaryReply("k-1", true, Sender, Envelope, At, At.AddHours(72), "AwaitingItems", false,
            [new RecipientDeliveryView("gemeente-utrecht", "Pending", 0, null, null, 1)], [], Status,
            new BatchView(10, "Factuur", false, 4, 3, 1), new BatchItemRef("k-0", 2)),
    ];

    public static TheoryData<object> Samples => new(SampleMessages);

    private readonly ActorSystem _system = ActorSystem.Create("serialization", ConfigurationFactory.ParseString("""
        akka.actor {
          serializers.digipoort = "Digipoort.Actors.Serialization.DigipoortSerializer, Digipoort.Actors"
          serialization-bindings { "Digipoort.Actors.Serialization.IDigipoortWireMessage, Digipoort.Actors" = digipoort }
        }
        """));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_wire_type_survives_a_round_trip_through_the_bound_serializer(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<DigipoortSerializer>(serializer);

        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var copy = _system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(message, message.GetType()),
            System.Text.Json.JsonSerializer.Serialize(copy, copy.GetType()));
        Assert.Equal(message.GetType(), copy.GetType());
    }

    [Fact]
    public void Every_known_type_has_a_sample_so_none_escapes_the_round_trip_test() =>
        Assert.Equal(DigipoortSerializer.KnownTypes.OrderBy(t => t.Name),
            SampleMessages.Select(m => m.GetType()).Distinct().OrderBy(t => t.Name));

    [Fact]
    public void Manifests_are_short_and_unique()
    {
        var serializer = new DigipoortSerializer((ExtendedActorSystem)_system);
        var manifests = SampleMessages.DistinctBy(m => m.GetType()).Select(serializer.Manifest).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct().Count());
        Assert.All(manifests, m => Assert.True(m.Length <= 3));
    }

    [Fact]
    public void Events_journaled_before_plans_parts_and_batches_existed_still_read()
    {
        var serializer = new DigipoortSerializer((ExtendedActorSystem)_system);

        var routed = Assert.IsType<MessageRouted>(serializer.FromBinary(
            """{"recipients":["belastingdienst"],"at":"2026-11-30T08:00:00+00:00"}"""u8.ToArray(), "E7"));
        var delivered = Assert.IsType<DeliverySucceeded>(serializer.FromBinary(
            """{"recipient":"belastingdienst","attempt":1,"httpStatus":202,"at":"2026-11-30T08:00:00+00:00"}"""u8.ToArray(), "E9"));

        Assert.Null(routed.Plans);
        Assert.Equal(0, delivered.Part);
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        var serializer = new DigipoortSerializer((ExtendedActorSystem)_system);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "ZZ"));
    }

    public void Dispose() => _system.Dispose();
}
