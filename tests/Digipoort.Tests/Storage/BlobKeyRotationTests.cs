using System.Security.Cryptography;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Tests.Support;
using static Digipoort.Tests.Storage.EncryptedBlobStoreTests;

namespace Digipoort.Tests.Storage;

public sealed class BlobKeyRotationTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly BlobKeyRing _keys = BlobKeyRing.Generate();

    public void Dispose() => _folder.Dispose();

    private string Root => Path.Combine(_folder.Path, "blobs");

    [Fact]
    public async Task After_rotation_old_blobs_stay_readable_and_new_ones_use_the_new_key()
    {
        var oldContent = RandomNumberGenerator.GetBytes(200_000);
        var oldBlob = await StoreAsync(new FileBlobStore(Root, _keys), oldContent);

        var rotated = _keys.WithNewCurrentKey();
        var store = new FileBlobStore(Root, rotated);
        var newContent = RandomNumberGenerator.GetBytes(1_000);
        var newBlob = await StoreAsync(store, newContent);

        Assert.Equal("k2", rotated.CurrentKeyId);
        Assert.Equal(oldContent, await ReadAllAsync(store.OpenRead(oldBlob)));
        Assert.Equal(newContent, await ReadAllAsync(store.OpenRead(newBlob)));
        Assert.Equal("k1", KeyIdOf(store, oldBlob));
        Assert.Equal("k2", KeyIdOf(store, newBlob));
    }

    [Fact]
    public async Task Re_encryption_puts_every_blob_under_the_current_key_with_the_same_content()
    {
        var contents = new[] { Array.Empty<byte>(), RandomNumberGenerator.GetBytes(1), RandomNumberGenerator.GetBytes(300_000) };
        var old = new FileBlobStore(Root, _keys);
        var blobs = new List<BlobRef>();
        foreach (var content in contents)
            blobs.Add(await StoreAsync(old, content));
        var store = new FileBlobStore(Root, _keys.WithNewCurrentKey());
        var alreadyNew = await StoreAsync(store, RandomNumberGenerator.GetBytes(10));

        var rewritten = await BlobKeyMaintenance.ReencryptAsync(store, CancellationToken.None);

        Assert.Equal(3, rewritten);
        Assert.Equal(new Dictionary<string, int> { ["k2"] = 4 }, BlobKeyMaintenance.KeyIdsInUse(store));
        // Without the old key altogether, everything still reads back as it was.
        var retired = new FileBlobStore(Root, store.Keys.Without("k1"));
        for (var i = 0; i < contents.Length; i++)
        {
            Assert.Equal("k2", KeyIdOf(retired, blobs[i]));
            Assert.Equal(contents[i], await ReadAllAsync(retired.OpenRead(blobs[i])));
        }
        Assert.True(retired.Exists(alreadyNew));
        Assert.Empty(Directory.GetFiles(Path.Combine(Root, "staging")));
    }

    [Fact]
    public async Task Re_encrypting_with_another_address_key_is_refused_and_leaves_the_blob_alone()
    {
        var blob = await StoreAsync(new FileBlobStore(Root, _keys), RandomNumberGenerator.GetBytes(100));
        var stranger = BlobKeyRing.Generate();
        var mixed = new BlobKeyRing(stranger.AddressKey, "k9",
            new Dictionary<string, byte[]>(_keys.Keys) { ["k9"] = stranger.CurrentKey });
        var store = new FileBlobStore(Root, mixed);

        await Assert.ThrowsAsync<InvalidOperationException>(() => BlobKeyMaintenance.ReencryptAsync(store, CancellationToken.None));

        Assert.Equal("k1", KeyIdOf(store, blob));
        Assert.Empty(Directory.GetFiles(Path.Combine(Root, "staging")));
    }

    [Fact]
    public void A_key_file_round_trips_the_ring()
    {
        var path = Path.Combine(_folder.Path, "keys", "blob-keys.json");
        var rotated = _keys.WithNewCurrentKey();

        BlobKeyFile.Save(path, rotated, previous: null, TimeProvider.System);
        var loaded = BlobKeyFile.Load(path);

        Assert.Equal(rotated.AddressKey, loaded.AddressKey);
        Assert.Equal(rotated.CurrentKeyId, loaded.CurrentKeyId);
        Assert.Equal(rotated.Keys.OrderBy(k => k.Key), loaded.Keys.OrderBy(k => k.Key));
    }

    [Fact]
    public void The_key_file_is_created_once_and_then_kept()
    {
        var path = Path.Combine(_folder.Path, "keys", "blob-keys.json");

        var first = BlobKeyFile.LoadOrCreate(path, TimeProvider.System);
        var second = BlobKeyFile.LoadOrCreate(path, TimeProvider.System);

        Assert.Equal("k1", first.CurrentKeyId);
        Assert.Equal(first.AddressKey, second.AddressKey);
        Assert.Equal(first.CurrentKey, second.CurrentKey);
    }

    [UnixOnlyFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_key_file_is_for_the_owner_only()
    {
        var path = Path.Combine(_folder.Path, "keys", "blob-keys.json");

        BlobKeyFile.LoadOrCreate(path, TimeProvider.System);
        BlobKeyFile.Save(path, BlobKeyFile.Load(path).WithNewCurrentKey(), BlobKeyFile.Load(path), TimeProvider.System);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    private static string KeyIdOf(FileBlobStore store, BlobRef blob)
    {
        using var file = File.OpenRead(CommittedFile(store, blob));
        return BlobFormat.ReadHeader(file).KeyId;
    }
}
