using Akka.Actor;
using Akka.Configuration;
using BenchmarkDotNet.Attributes;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Serialization;

namespace Digipoort.Microbench.Serialization;

/// <summary>
/// The journal's serialization of a message's events through the project's one serializer
/// (DigipoortSerializer): the largest event (MessageSubmitted, with the envelope and document
/// references) and a typical small one (DeliverySucceeded), each to bytes and back.
/// </summary>
[MemoryDiagnoser]
public class EventSerializationBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 15, 30, 123, TimeSpan.Zero);

    private ActorSystem _system = null!;
    private DigipoortSerializer _serializer = null!;
    private MessageSubmitted _submitted = null!;
    private DeliverySucceeded _delivered = null!;
    private byte[] _submittedBytes = [];
    private byte[] _deliveredBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("microbench", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        _serializer = new DigipoortSerializer((ExtendedActorSystem)_system);
        var blob = new BlobRef(new string('a', 64), 4096);
        var envelope = new MessageEnvelope("Omzetbelasting", "bench-1", null, new Identiteit("001000044B37", "Fi"), "Bedrijf", null, null,
            new Document("text/xml", "aangifte.xml", blob), [], "http://geenausp.nl");
        _submitted = new MessageSubmitted(Guid.NewGuid().ToString(), SenderIdentity.From("00000003123456780000"), envelope, At.AddHours(72), At);
        _delivered = new DeliverySucceeded("belastingdienst", 1, 200, At);
        _submittedBytes = _serializer.ToBinary(_submitted);
        _deliveredBytes = _serializer.ToBinary(_delivered);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(Description = "MessageSubmitted → bytes")]
    public byte[] SerializeSubmitted() => _serializer.ToBinary(_submitted);

    [Benchmark(Description = "bytes → MessageSubmitted")]
    public object DeserializeSubmitted() => _serializer.FromBinary(_submittedBytes, _serializer.Manifest(_submitted));

    [Benchmark(Description = "DeliverySucceeded → bytes → DeliverySucceeded")]
    public object RoundTripDelivered() => _serializer.FromBinary(_serializer.ToBinary(_delivered), _serializer.Manifest(_delivered));
}
