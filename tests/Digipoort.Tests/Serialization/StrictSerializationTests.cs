using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;

namespace Digipoort.Tests.Serialization;

/// <summary>
/// Every wire message sent between actors with <c>serialize-messages = on</c>, as it would travel
/// between cluster nodes. (A whole lifecycle cannot run this way: Akka.Persistence's own internal
/// messages, such as the journal's Desequenced and WriteFinished, are not serializable.)
/// </summary>
public sealed class StrictSerializationTests() : TestKit(ConfigurationFactory.ParseString("""
    akka.actor.serialize-messages = on
    akka.actor.serializers.digipoort = "Digipoort.Actors.Serialization.DigipoortSerializer, Digipoort.Actors"
    akka.actor.serialization-bindings { "Digipoort.Actors.Serialization.IDigipoortWireMessage, Digipoort.Actors" = digipoort }
    """))
{
    [Fact]
    public void Every_wire_message_arrives_intact_when_all_messages_are_serialized()
    {
        Assert.True(Sys.Settings.SerializeAllMessages);
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));

        foreach (var message in DigipoortSerializerTests.SampleMessages)
        {
            echo.Tell(message, TestActor);
            var received = ExpectMsg<object>();
            Assert.NotSame(message, received);
            Assert.Equal(JsonSerializer.Serialize(message, message.GetType()), JsonSerializer.Serialize(received, received.GetType()));
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }
}
