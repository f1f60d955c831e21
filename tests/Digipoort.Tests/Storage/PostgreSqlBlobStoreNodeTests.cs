using Digipoort.Actors.Domain;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Storage;

/// <summary>A real node configured with the PostgreSQL blob store keeps payloads there, and delivers them from there.</summary>
[Collection(NodeCollection.Name)]
public sealed class PostgreSqlBlobStoreNodeTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [PostgreSqlFact]
    public async Task A_submission_is_stored_in_PostgreSQL_and_delivered_from_it()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync("hb_");
        await using var recipient = await LoopbackRecipient.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.Endpoint.ToString(),
            ["Digipoort:Blobs:Store"] = "PostgreSql",
            ["Digipoort:Blobs:ConnectionString"] = database.ConnectionString,
        };

        await using (var node = await TestNode.StartAsync(_data.Path, settings))
        {
            var kenmerk = (await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, "pg-blobs-1").AcceptedAsync()).Kenmerk;

            var statuses = await node.Client.WaitForStatusAsync(kenmerk, DigipoortStatus.AfleverenGelukt);
            Assert.Equal(DigipoortStatus.AfleverenGelukt, statuses[^1].Statuscode);
        }

        Assert.Equal(GatewayClient.ValidDocument, Assert.Single(recipient.Received).Body);
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM blob") >= 1);
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "blobs")), "nothing is stored in the data folder's blob folder");
        Assert.Empty(Directory.GetFiles(Path.Combine(_data.Path, "blob-staging")));
    }
}
