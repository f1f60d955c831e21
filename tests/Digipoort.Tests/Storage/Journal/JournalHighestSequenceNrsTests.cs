using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Storage.Journal;
using Digipoort.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Digipoort.Tests.Storage.Journal;

/// <summary>The batched highest-sequence-number lookup against a node's real journal (SQLite, or PostgreSQL in that pass).</summary>
[Collection(NodeCollection.Name)]
public sealed class JournalHighestSequenceNrsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_batched_lookup_gives_each_message_the_number_of_its_last_event_as_the_journal_holds_it()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => 200);
        await using var node = await TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.Endpoint.ToString(),
        });
        var kenmerken = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var kenmerk = (await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, $"highest-{i}").AcceptedAsync()).Kenmerk;
            await node.Client.WaitForStatusAsync(kenmerk, Actors.Domain.DigipoortStatus.AfleverenGelukt);
            kenmerken.Add(kenmerk);
        }

        var batcher = node.Services.GetRequiredService<HighestSequenceNrBatcher>();
        // The messages' journal asked it when each new message started (and when it woke for the status queries).
        Assert.True(batcher.Counts.Answered >= kenmerken.Count, $"the journal asked the batcher {batcher.Counts.Answered} times");
        var persistenceIds = kenmerken.Select(MessageActor.PersistenceIdFor).ToList();
        var asked = await Task.WhenAll(persistenceIds.Append("message-never-submitted").Select(id => batcher.HighestAsync(id)));

        // What the plugin's own read side says each message's last event is.
        var journal = PersistenceQuery.Get(node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = node.System.Materializer();
        var expected = new List<long>();
        foreach (var id in persistenceIds)
        {
            var events = await journal.CurrentEventsByPersistenceId(id, 0, long.MaxValue)
                .RunAggregate(0L, (highest, e) => Math.Max(highest, e.SequenceNr), materializer);
            Assert.True(events > 1, $"{id} has events");
            expected.Add(events);
        }
        Assert.Equal([.. expected, 0L], asked);
    }
}
