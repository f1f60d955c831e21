using System.Security.Cryptography;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Actors.Storage.PostgreSql;
using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;
using Digipoort.Node.Keys;
using Digipoort.Tests.Support;
using static Digipoort.Tests.Storage.EncryptedBlobStoreTests;

namespace Digipoort.Tests.Storage;

public sealed class KeysCommandTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _data.Dispose();

    private string KeyFile => Path.Combine(_data.Path, "keys", "blob-keys.json");

    private NodeOptions Options => new() { DataDirectory = _data.Path };

    [Fact]
    public async Task Rotate_makes_a_new_key_current_and_keeps_the_old_one_for_reading()
    {
        var before = BlobKeys.Load(Options, _data.Path); // first run
        var content = RandomNumberGenerator.GetBytes(1_000);
        var blob = await StoreAsync(Store(before), content);

        Assert.Equal(KeysCommand.Done, await RunAsync("rotate", "--data", _data.Path));

        var after = BlobKeyFile.Load(KeyFile);
        Assert.Equal("k2", after.CurrentKeyId);
        Assert.Equal(before.Keys["k1"], after.Keys["k1"]);
        Assert.Equal(before.AddressKey, after.AddressKey);
        Assert.Equal(content, await ReadAllAsync(Store(after).OpenRead(blob)));
        Assert.Contains("k2", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_with_reencrypt_leaves_no_blob_under_the_old_key_so_it_can_be_retired()
    {
        var blob = await StoreAsync(Store(BlobKeys.Load(Options, _data.Path)), RandomNumberGenerator.GetBytes(70_000));

        Assert.Equal(KeysCommand.Done, await RunAsync("rotate", "--reencrypt", "--data", _data.Path));
        Assert.Equal(KeysCommand.Done, await RunAsync("retire", "k1", "--data", _data.Path));

        var ring = BlobKeyFile.Load(KeyFile);
        Assert.Equal(["k2"], ring.KeyIds);
        Assert.Equal(70_000, (await ReadAllAsync(Store(ring).OpenRead(blob))).Length);
    }

    [Fact]
    public async Task Retire_refuses_a_key_that_blobs_still_use_and_the_current_key()
    {
        await StoreAsync(Store(BlobKeys.Load(Options, _data.Path)), RandomNumberGenerator.GetBytes(10));
        Assert.Equal(KeysCommand.Done, await RunAsync("rotate", "--data", _data.Path));

        Assert.Equal(KeysCommand.Refused, await RunAsync("retire", "k1", "--data", _data.Path));
        Assert.Equal(KeysCommand.Refused, await RunAsync("retire", "k2", "--data", _data.Path));
        Assert.Equal(KeysCommand.Refused, await RunAsync("retire", "k7", "--data", _data.Path));

        Assert.Equal(["k1", "k2"], BlobKeyFile.Load(KeyFile).KeyIds.Order());
        Assert.Contains("reencrypt", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("spin")]
    [InlineData("rotate", "--force")]
    [InlineData("retire")]
    [InlineData("rotate", "--data")]
    public async Task Anything_but_a_known_verb_is_a_usage_error(params string[] args)
    {
        Assert.Equal(KeysCommand.Usage, await RunAsync(args));
        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public void Configured_keys_are_used_without_creating_a_key_file()
    {
        var ring = BlobKeyRing.Generate();
        var options = Options;
        options.BlobEncryption.AddressKey = Convert.ToBase64String(ring.AddressKey);
        options.BlobEncryption.CurrentKeyId = "k1";
        options.BlobEncryption.Keys["k1"] = Convert.ToBase64String(ring.CurrentKey);

        var loaded = BlobKeys.Load(options, _data.Path);

        Assert.Equal(ring.CurrentKey, loaded.CurrentKey);
        Assert.False(File.Exists(KeyFile));
    }

    [PostgreSqlFact]
    public async Task With_the_PostgreSql_store_keys_are_counted_in_the_database_so_a_key_its_blobs_use_is_not_retired()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync("hb_");
        var options = Options;
        options.Blobs.Store = BlobStoreKind.PostgreSql;
        options.Blobs.ConnectionString = database.ConnectionString;
        using (var store = new PostgreSqlBlobStore(database.ConnectionString, Path.Combine(_data.Path, "staging"), BlobKeys.Load(options, _data.Path)))
        await using (var staged = await store.StageAsync(new MemoryStream(RandomNumberGenerator.GetBytes(10)), 10, CancellationToken.None))
            await staged.CommitAsync(CancellationToken.None);

        Assert.Equal(KeysCommand.Done, await RunAsync(options, "rotate"));
        Assert.Equal(KeysCommand.Done, await RunAsync(options, "list"));
        Assert.Equal(KeysCommand.Refused, await RunAsync(options, "retire", "k1"));
        Assert.Equal(KeysCommand.Refused, await RunAsync(options, "reencrypt"));

        Assert.Contains("k1: 1 blobs", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Folder blob store only", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(["k1", "k2"], BlobKeyFile.Load(KeyFile).KeyIds.Order());
    }

    private Task<int> RunAsync(params string[] args) => KeysCommand.RunAsync(args, _output, _error, CancellationToken.None);

    private Task<int> RunAsync(NodeOptions options, params string[] args) =>
        KeysCommand.RunAsync(args, _ => options, _output, _error, CancellationToken.None);

    private FileBlobStore Store(BlobKeyRing ring) => new(DataFolder.BlobDirectoryOf(_data.Path), ring);
}
