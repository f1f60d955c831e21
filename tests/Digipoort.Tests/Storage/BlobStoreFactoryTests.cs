using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Actors.Storage.PostgreSql;
using Digipoort.Node.Composition;
using Digipoort.Node.Configuration;
using Digipoort.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Digipoort.Tests.Storage;

public sealed class BlobStoreFactoryTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void By_default_blobs_are_files_in_the_data_folder()
    {
        var options = Bind();

        Assert.IsType<FileBlobStore>(BlobStoreFactory.Create(options, _data.Path, BlobKeyRing.Generate()));

        Assert.Equal(BlobStoreKind.Folder, options.Blobs.Store);
        Assert.True(Directory.Exists(Path.Combine(_data.Path, "blobs", "sha256")));
    }

    [Fact]
    public async Task A_configured_folder_holds_the_blobs_instead()
    {
        var shared = Path.Combine(_data.Path, "shared-mount");
        var options = Bind(("Digipoort:Blobs:Directory", shared));

        var store = BlobStoreFactory.Create(options, _data.Path, BlobKeyRing.Generate());
        await using (var staged = await store.StageAsync(new MemoryStream([1, 2, 3]), 10, CancellationToken.None))
            await staged.CommitAsync(CancellationToken.None);

        Assert.Single(Directory.GetFiles(Path.Combine(shared, "sha256"), "*", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "blobs")));
    }

    [Fact]
    public void The_PostgreSql_store_without_a_connection_string_refuses_to_start_and_says_what_to_set()
    {
        var options = Bind(("Digipoort:Blobs:Store", "PostgreSql"));

        var error = Assert.Throws<InvalidOperationException>(() => BlobStoreFactory.Create(options, _data.Path, BlobKeyRing.Generate()));

        Assert.Contains("Digipoort:Blobs:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_PostgreSql_store_is_chosen_by_configuration_and_stages_in_the_data_folder()
    {
        // Nothing is opened before first use, so no server is needed to build it.
        var options = Bind(("Digipoort:Blobs:Store", "PostgreSql"), ("Digipoort:Blobs:ConnectionString", "Host=127.0.0.1;Port=1"));

        using var store = (IDisposable)BlobStoreFactory.Create(options, _data.Path, BlobKeyRing.Generate());

        Assert.IsType<PostgreSqlBlobStore>(store);
        Assert.True(Directory.Exists(Path.Combine(_data.Path, "blob-staging")));
    }

    private static NodeOptions Bind(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build()
            .GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
}
