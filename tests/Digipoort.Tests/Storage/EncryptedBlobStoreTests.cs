using System.Security.Cryptography;
using System.Text;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Storage;

public sealed class EncryptedBlobStoreTests : IDisposable
{
    private const long NoLimit = long.MaxValue;
    private const int Chunk = 64 * 1024;
    private static readonly byte[] Marker = Encoding.UTF8.GetBytes("<geheim>BSN 123456782 omzet 987654</geheim>");

    private readonly TempDirectory _folder = new();
    private readonly BlobKeyRing _keys = BlobKeyRing.Generate();
    private readonly FileBlobStore _store;

    public EncryptedBlobStoreTests() => _store = new FileBlobStore(Path.Combine(_folder.Path, "a"), _keys);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Neither_the_staging_file_nor_the_committed_file_holds_the_plaintext()
    {
        var content = Repeat(Marker, 3_000); // over one chunk, so several chunks are checked

        await using var staged = await _store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        var stagingFile = Directory.GetFiles(Path.Combine(_folder.Path, "a", "staging")).Single();
        Assert.Equal(-1, File.ReadAllBytes(stagingFile).AsSpan().IndexOf(Marker));

        var blob = await staged.CommitAsync(CancellationToken.None);
        var committed = File.ReadAllBytes(CommittedFile(_store, blob));
        Assert.Equal(-1, committed.AsSpan().IndexOf(Marker));
        Assert.Equal(-1, committed.AsSpan().IndexOf(Marker.AsSpan(0, 16)));
        Assert.Equal(content, await ReadAllAsync(_store.OpenRead(blob)));
    }

    [Fact]
    public async Task Two_stores_with_different_keys_write_different_bytes_for_the_same_content()
    {
        var other = new FileBlobStore(Path.Combine(_folder.Path, "b"), BlobKeyRing.Generate());
        var content = Repeat(Marker, 10);

        var first = await StoreAsync(_store, content);
        var second = await StoreAsync(other, content);

        var firstBytes = File.ReadAllBytes(CommittedFile(_store, first));
        var secondBytes = File.ReadAllBytes(CommittedFile(other, second));
        Assert.Equal(firstBytes.Length, secondBytes.Length);
        Assert.NotEqual(firstBytes, secondBytes);
        Assert.NotEqual(first.Sha256, second.Sha256);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(2 * Chunk)]
    [InlineData(5 * 1024 * 1024 + 17)]
    public async Task Content_of_any_length_round_trips_through_sync_and_async_reads(int length)
    {
        var content = RandomNumberGenerator.GetBytes(length);

        var blob = await StoreAsync(_store, content);

        Assert.Equal(length, blob.Length);
        Assert.Equal(content, await ReadAllAsync(_store.OpenRead(blob)));
        using var stream = _store.OpenRead(blob);
        Assert.Equal(length, stream.Length);
        using var copy = new MemoryStream();
        stream.CopyTo(copy); // the synchronous path
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task The_same_content_gets_the_same_address_under_one_address_key_whatever_the_content_key()
    {
        var rotated = new FileBlobStore(Path.Combine(_folder.Path, "b"), _keys.WithNewCurrentKey());
        var content = Repeat(Marker, 5);

        Assert.Equal(await StoreAsync(_store, content), await StoreAsync(rotated, content));
    }

    [Fact]
    public async Task Another_address_key_gives_another_address_and_no_address_is_the_plain_sha256()
    {
        var other = new FileBlobStore(Path.Combine(_folder.Path, "b"), BlobKeyRing.Generate());
        var content = Repeat(Marker, 5);
        var plainSha256 = Convert.ToHexStringLower(SHA256.HashData(content));

        var first = await StoreAsync(_store, content);
        var second = await StoreAsync(other, content);

        Assert.NotEqual(first.Sha256, second.Sha256);
        Assert.NotEqual(plainSha256, first.Sha256);
        Assert.NotEqual(plainSha256, second.Sha256);
        Assert.True(BlobRef.IsValidHash(first.Sha256));
    }

    [Fact]
    public async Task The_staged_blob_tells_the_plain_sha256_of_the_content()
    {
        var content = RandomNumberGenerator.GetBytes(100_000);

        await using var staged = await _store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), staged.PlainSha256);
    }

    [Theory]
    [InlineData(4)] // the version
    [InlineData(6)] // the key id
    [InlineData(12)] // the salt
    [InlineData(100)] // the first chunk
    [InlineData(Chunk + 200)] // the second chunk
    [InlineData(-1)] // the last tag
    public async Task Changing_any_byte_of_a_committed_file_makes_reading_fail(int offset)
    {
        var content = RandomNumberGenerator.GetBytes(3 * Chunk + 5);
        var blob = await StoreAsync(_store, content);
        var path = CommittedFile(_store, blob);
        var bytes = File.ReadAllBytes(path);
        bytes[offset < 0 ? bytes.Length + offset : offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        await Assert.ThrowsAnyAsync<IOException>(() => ReadAllAsync(_store.OpenRead(blob)));
    }

    [Fact]
    public async Task Tampering_with_a_middle_chunk_fails_before_its_bytes_are_returned()
    {
        var content = RandomNumberGenerator.GetBytes(3 * Chunk);
        var blob = await StoreAsync(_store, content);
        var path = CommittedFile(_store, blob);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 2 * (Chunk + 16) + 10] ^= 0x80; // in chunk 1 of 0..2
        File.WriteAllBytes(path, bytes);

        await using var stream = _store.OpenRead(blob);
        var received = new byte[3 * Chunk];
        var first = await stream.ReadAtLeastAsync(received.AsMemory(0, Chunk), Chunk);
        Assert.Equal(content.AsSpan(0, Chunk), received.AsSpan(0, first));
        var error = await Assert.ThrowsAsync<BlobUnreadableException>(() => stream.ReadAsync(received.AsMemory(Chunk)).AsTask());
        Assert.IsType<AuthenticationTagMismatchException>(error.InnerException);
    }

    [Theory]
    [InlineData(1)] // part of the last chunk's tag
    [InlineData(Chunk + 16)] // exactly the last chunk: what is left ends on a non-final chunk
    public async Task A_truncated_file_fails_to_open(int cut)
    {
        var blob = await StoreAsync(_store, RandomNumberGenerator.GetBytes(2 * Chunk));
        var path = CommittedFile(_store, blob);
        using (var file = new FileStream(path, FileMode.Open))
            file.SetLength(file.Length - cut);

        Assert.ThrowsAny<IOException>(() => _store.OpenRead(blob).Dispose());
    }

    [Fact]
    public async Task A_file_stored_under_another_blobs_address_fails_to_open()
    {
        var a = await StoreAsync(_store, Repeat(Marker, 2));
        var b = await StoreAsync(_store, Repeat(Marker, 3));
        File.Move(CommittedFile(_store, a), CommittedFile(_store, b), overwrite: true);

        Assert.ThrowsAny<IOException>(() => _store.OpenRead(b).Dispose());
    }

    [Fact]
    public async Task A_blob_under_a_key_the_ring_does_not_hold_is_unreadable_and_says_why()
    {
        var rotated = _keys.WithNewCurrentKey();
        var newer = new FileBlobStore(Path.Combine(_folder.Path, "a"), rotated);
        var blob = await StoreAsync(newer, Repeat(Marker, 2));

        var error = Assert.Throws<BlobUnreadableException>(() => _store.OpenRead(blob));

        Assert.Contains($"'{rotated.CurrentKeyId}'", error.Message, StringComparison.Ordinal);
    }

    internal static string CommittedFile(FileBlobStore store, BlobRef blob) =>
        Path.Combine(store.ContentDirectory, blob.Sha256[..2], blob.Sha256[2..4], blob.Sha256);

    internal static async Task<BlobRef> StoreAsync(FileBlobStore store, byte[] content)
    {
        await using var staged = await store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        return await staged.CommitAsync(CancellationToken.None);
    }

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    private static byte[] Repeat(byte[] part, int times) => Enumerable.Repeat(part, times).SelectMany(b => b).ToArray();
}
