using System.Security.Cryptography;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Storage;

/// <summary>
/// What every <see cref="IBlobStore"/> promises, run once per store by the classes deriving from it
/// (<see cref="FileBlobStoreTests"/>, <see cref="PostgreSqlBlobStoreTests"/>).
/// </summary>
public abstract class BlobStoreContract : IAsyncLifetime
{
    protected const long NoLimit = long.MaxValue;

    protected BlobKeyRing Keys { get; } = BlobKeyRing.Generate();

    /// <summary>The store under test, started by <see cref="StartAsync"/>.</summary>
    protected IBlobStore Store { get; private set; } = null!;

    /// <summary>Starts the store under test, with <see cref="Keys"/>, on empty storage.</summary>
    protected abstract Task<IBlobStore> StartAsync();

    /// <summary>Another store on the same storage with <paramref name="keys"/>, as another node (or a restarted one) opens it.</summary>
    protected abstract IBlobStore Reopen(BlobKeyRing keys);

    /// <summary>The local folder where <see cref="Store"/> stages uploads.</summary>
    protected abstract string StagingDirectory { get; }

    /// <summary>How many blobs <see cref="Store"/> holds, counted in its storage rather than asked of it.</summary>
    protected abstract Task<int> CountStoredAsync();

    protected abstract int DeleteAbandonedStagingFiles(TimeSpan olderThan);

    public async Task InitializeAsync() => Store = await StartAsync();

    public abstract Task DisposeAsync();

    private string[] StagingFiles => Directory.GetFiles(StagingDirectory);

    [ContractFact]
    public async Task Staged_content_is_addressable_only_after_commit()
    {
        var content = RandomBytes(10_000);

        await using var staged = await Store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        Assert.False(Store.Exists(staged.Ref));
        Assert.Throws<BlobNotFoundException>(() => Store.OpenRead(staged.Ref));

        var committed = await staged.CommitAsync(CancellationToken.None);

        Assert.True(Store.Exists(committed));
        Assert.Equal(content, await ReadAllAsync(Store.OpenRead(committed)));
    }

    [ContractFact]
    public async Task The_ref_is_the_lowercase_keyed_address_and_length_of_the_content()
    {
        var content = RandomBytes(12_345);

        await using var staged = await Store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);

        Assert.Equal(new BlobRef(Address(content), content.Length), staged.Ref);
        Assert.Equal(staged.Ref, await staged.CommitAsync(CancellationToken.None));
    }

    [ContractFact]
    public async Task Staged_content_can_be_read_before_commit()
    {
        var content = RandomBytes(5_000);

        await using var staged = await Store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);

        Assert.Equal(content, await ReadAllAsync(staged.OpenRead()));
    }

    [ContractFact]
    public async Task Committing_removes_the_staging_file()
    {
        var staged = await Store.StageAsync(new MemoryStream(RandomBytes(100)), NoLimit, CancellationToken.None);
        Assert.Single(StagingFiles);

        await staged.CommitAsync(CancellationToken.None);
        await staged.DisposeAsync();

        Assert.Empty(StagingFiles);
        Assert.Equal(1, await CountStoredAsync());
    }

    [ContractFact]
    public async Task Empty_content_is_a_blob_too()
    {
        await using var staged = await Store.StageAsync(new MemoryStream(), NoLimit, CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);

        Assert.Equal(new BlobRef(Address([]), 0), blob);
        Assert.Empty(await ReadAllAsync(Store.OpenRead(blob)));
    }

    [ContractFact]
    public async Task The_same_content_twice_is_stored_once_under_the_same_ref()
    {
        var content = RandomBytes(2_000);

        await using var first = await Store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        await using var second = await Store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        var firstRef = await first.CommitAsync(CancellationToken.None);
        var secondRef = await second.CommitAsync(CancellationToken.None);

        Assert.Equal(firstRef, secondRef);
        Assert.Equal(1, await CountStoredAsync());
        Assert.Empty(StagingFiles);
        Assert.Equal(content, await ReadAllAsync(Store.OpenRead(secondRef)));
    }

    [ContractFact]
    public async Task Committing_twice_returns_the_same_ref()
    {
        await using var staged = await Store.StageAsync(new MemoryStream(RandomBytes(300)), NoLimit, CancellationToken.None);

        var first = await staged.CommitAsync(CancellationToken.None);
        var second = await staged.CommitAsync(CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, await CountStoredAsync());
    }

    [ContractFact]
    public async Task Disposing_after_commit_keeps_the_committed_content()
    {
        var content = RandomBytes(300);
        var staged = await Store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);

        await staged.DisposeAsync();

        Assert.Equal(content, await ReadAllAsync(Store.OpenRead(blob)));
    }

    [ContractFact]
    public async Task Disposing_without_commit_leaves_nothing()
    {
        var staged = await Store.StageAsync(new MemoryStream(RandomBytes(300)), NoLimit, CancellationToken.None);
        Assert.Single(StagingFiles);

        await staged.DisposeAsync();
        await staged.DisposeAsync();

        Assert.Empty(StagingFiles);
        Assert.Equal(0, await CountStoredAsync());
        Assert.False(Store.Exists(staged.Ref));
    }

    [ContractFact]
    public async Task Content_over_the_limit_throws_and_leaves_no_staging_file()
    {
        var error = await Assert.ThrowsAsync<BlobTooLargeException>(
            () => Store.StageAsync(new MemoryStream(RandomBytes(1_001)), maxBytes: 1_000, CancellationToken.None));

        Assert.Equal(1_000, error.MaxBytes);
        Assert.Empty(StagingFiles);
    }

    [ContractFact]
    public async Task Content_of_exactly_the_limit_is_accepted()
    {
        await using var staged = await Store.StageAsync(new MemoryStream(RandomBytes(1_000)), maxBytes: 1_000, CancellationToken.None);

        Assert.Equal(1_000, staged.Ref.Length);
    }

    [ContractFact]
    public async Task The_limit_stops_an_endless_stream()
    {
        var endless = new GeneratedStream(long.MaxValue);

        await Assert.ThrowsAsync<BlobTooLargeException>(
            () => Store.StageAsync(endless, maxBytes: 1_000_000, CancellationToken.None));

        Assert.InRange(endless.Position, 1_000_001, 1_000_000 + 80 * 1024);
        Assert.Empty(StagingFiles);
    }

    [ContractFact]
    public async Task Cancelling_while_staging_leaves_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        // Cancels once a first chunk has been handed over, so a partly written staging file exists.
        var content = new GeneratedStream(10_000_000, onLaterRead: cancellation.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.StageAsync(content, NoLimit, cancellation.Token));

        Assert.True(content.Position > 0);
        Assert.Empty(StagingFiles);
        Assert.Equal(0, await CountStoredAsync());
    }

    [ContractFact]
    public async Task A_failing_source_stream_leaves_nothing()
    {
        var content = new GeneratedStream(10_000_000, onLaterRead: () => throw new IOException("connection reset"));

        await Assert.ThrowsAsync<IOException>(() => Store.StageAsync(content, NoLimit, CancellationToken.None));

        Assert.Empty(StagingFiles);
    }

    [ContractFact]
    public async Task Five_megabytes_stream_through_intact()
    {
        const long size = 5 * 1024 * 1024 + 17; // not a multiple of any buffer or chunk size
        var expectedHash = await HashAsync(new GeneratedStream(size));
        var expectedAddress = Convert.ToHexStringLower(await HMACSHA256.HashDataAsync(Keys.AddressKey, new GeneratedStream(size)));

        await using var staged = await Store.StageAsync(new GeneratedStream(size), NoLimit, CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);

        Assert.Equal(new BlobRef(expectedAddress, size), blob);
        Assert.Equal(expectedHash, staged.PlainSha256);
        await using var stored = Store.OpenRead(blob);
        Assert.Equal(size, stored.Length);
        Assert.Equal(expectedHash, await HashAsync(stored));
    }

    /// <remarks>Around the encryption chunk (64 KiB) and the database chunk (256 KiB), whose boundaries do not line up.</remarks>
    [ContractFact]
    public async Task Content_of_any_length_round_trips_through_sync_and_async_reads()
    {
        foreach (var length in new[] { 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 256 * 1024 - 40, 256 * 1024, 256 * 1024 + 1, 3 * 256 * 1024 })
        {
            var content = RandomBytes(length);
            var blob = await StoreAsync(Store, content);

            Assert.Equal(content, await ReadAllAsync(Store.OpenRead(blob)));
            using var stream = Store.OpenRead(blob);
            Assert.Equal(length, stream.Length);
            using var copy = new MemoryStream();
            stream.CopyTo(copy); // the synchronous path
            Assert.Equal(content, copy.ToArray());
        }
    }

    [ContractFact]
    public void Malformed_addresses_are_rejected()
    {
        foreach (var hash in new[]
                 {
                     "", "../../../etc/passwd",
                     "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
                     "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
                     "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678/",
                     "..cdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
                 })
        {
            var blob = new BlobRef(hash, 1);

            Assert.Throws<ArgumentException>(() => Store.OpenRead(blob));
            Assert.Throws<ArgumentException>(() => Store.Exists(blob));
        }
    }

    [ContractFact]
    public void A_missing_blob_is_reported_as_not_found()
    {
        var blob = new BlobRef(Convert.ToHexStringLower(SHA256.HashData("absent"u8)), 6);

        var error = Assert.Throws<BlobNotFoundException>(() => Store.OpenRead(blob));

        Assert.Equal(blob, error.Blob);
        Assert.False(Store.Exists(blob));
    }

    [ContractFact]
    public async Task After_key_rotation_old_blobs_stay_readable_and_new_ones_use_the_new_key()
    {
        var oldContent = RandomBytes(300_000);
        var oldBlob = await StoreAsync(Store, oldContent);

        var rotated = Reopen(Keys.WithNewCurrentKey());
        var newContent = RandomBytes(1_000);
        var newBlob = await StoreAsync(rotated, newContent);

        Assert.Equal(oldContent, await ReadAllAsync(rotated.OpenRead(oldBlob)));
        Assert.Equal(newContent, await ReadAllAsync(rotated.OpenRead(newBlob)));
        // The store before the rotation does not hold the new key: it must say so, not return garbage.
        var error = Assert.Throws<BlobUnreadableException>(() => Store.OpenRead(newBlob));
        Assert.Contains("'k2'", error.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Abandoned_staging_files_are_swept_and_fresh_ones_kept()
    {
        // Neither is disposed, as after a crash; the first is made to look an hour old.
        var abandoned = await Store.StageAsync(new MemoryStream(RandomBytes(10)), NoLimit, CancellationToken.None);
        await using var fresh = await Store.StageAsync(new MemoryStream(RandomBytes(20)), NoLimit, CancellationToken.None);
        // Encrypted files are a header and a tag larger than their content, but still ordered by it.
        var abandonedFile = StagingFiles.MinBy(file => new FileInfo(file).Length)!;
        var freshLength = StagingFiles.Max(file => new FileInfo(file).Length);
        File.SetLastWriteTimeUtc(abandonedFile, DateTime.UtcNow.AddHours(-1));

        var deleted = DeleteAbandonedStagingFiles(TimeSpan.FromMinutes(30));

        Assert.Equal(1, deleted);
        Assert.False(File.Exists(abandonedFile));
        Assert.Equal(freshLength, new FileInfo(StagingFiles.Single()).Length);
        await abandoned.DisposeAsync(); // its file is already gone: must not throw
    }

    protected string Address(byte[] content) => Convert.ToHexStringLower(HMACSHA256.HashData(Keys.AddressKey, content));

    protected static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

    protected static async Task<BlobRef> StoreAsync(IBlobStore store, byte[] content)
    {
        await using var staged = await store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        return await staged.CommitAsync(CancellationToken.None);
    }

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    protected static async Task<string> HashAsync(Stream stream) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
}
