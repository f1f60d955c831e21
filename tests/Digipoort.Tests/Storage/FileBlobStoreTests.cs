using System.Runtime.Versioning;
using System.Security.Cryptography;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Storage;

public sealed class FileBlobStoreTests : IDisposable
{
    private const long NoLimit = long.MaxValue;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "digipoort-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly BlobKeyRing _keys = BlobKeyRing.Generate();
    private readonly FileBlobStore _store;

    public FileBlobStoreTests() => _store = new FileBlobStore(_root, _keys);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string StagingDirectory => Path.Combine(_root, "staging");

    private string[] StagingFiles => Directory.GetFiles(StagingDirectory);

    private string[] ContentFiles => Directory.GetFiles(Path.Combine(_root, "sha256"), "*", SearchOption.AllDirectories);

    [Fact]
    public async Task Staged_content_is_addressable_only_after_commit()
    {
        var content = RandomBytes(10_000);

        await using var staged = await _store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        Assert.False(_store.Exists(staged.Ref));
        Assert.Throws<BlobNotFoundException>(() => _store.OpenRead(staged.Ref));

        var committed = await staged.CommitAsync(CancellationToken.None);

        Assert.True(_store.Exists(committed));
        Assert.Equal(content, await ReadAllAsync(_store.OpenRead(committed)));
    }

    [Fact]
    public async Task The_ref_is_the_lowercase_keyed_address_and_length_of_the_content()
    {
        var content = RandomBytes(12_345);

        await using var staged = await _store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);

        Assert.Equal(new BlobRef(Address(content), content.Length), staged.Ref);
        Assert.Equal(staged.Ref, await staged.CommitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_committed_file_is_stored_under_its_hash()
    {
        var staged = await _store.StageAsync(new MemoryStream(RandomBytes(100)), NoLimit, CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);
        await staged.DisposeAsync();

        var expected = Path.Combine(_root, "sha256", blob.Sha256[..2], blob.Sha256[2..4], blob.Sha256);
        Assert.Equal([expected], ContentFiles);
        Assert.Empty(StagingFiles);
    }

    [Fact]
    public async Task Staged_content_can_be_read_before_commit()
    {
        var content = RandomBytes(5_000);

        await using var staged = await _store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);

        Assert.Equal(content, await ReadAllAsync(staged.OpenRead()));
    }

    [Fact]
    public async Task Empty_content_is_a_blob_too()
    {
        await using var staged = await _store.StageAsync(new MemoryStream(), NoLimit, CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);

        Assert.Equal(new BlobRef(Address([]), 0), blob);
        Assert.Empty(await ReadAllAsync(_store.OpenRead(blob)));
    }

    [Fact]
    public async Task The_same_content_twice_is_stored_once_under_the_same_ref()
    {
        var content = RandomBytes(2_000);

        await using var first = await _store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        await using var second = await _store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        var firstRef = await first.CommitAsync(CancellationToken.None);
        var secondRef = await second.CommitAsync(CancellationToken.None);

        Assert.Equal(firstRef, secondRef);
        Assert.Single(ContentFiles);
        Assert.Empty(StagingFiles);
        Assert.Equal(content, await ReadAllAsync(_store.OpenRead(secondRef)));
    }

    [Fact]
    public async Task Committing_twice_returns_the_same_ref()
    {
        await using var staged = await _store.StageAsync(new MemoryStream(RandomBytes(300)), NoLimit, CancellationToken.None);

        var first = await staged.CommitAsync(CancellationToken.None);
        var second = await staged.CommitAsync(CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(ContentFiles);
    }

    [Fact]
    public async Task Disposing_after_commit_keeps_the_committed_content()
    {
        var content = RandomBytes(300);
        var staged = await _store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);

        await staged.DisposeAsync();

        Assert.Equal(content, await ReadAllAsync(_store.OpenRead(blob)));
    }

    [Fact]
    public async Task Disposing_without_commit_leaves_nothing()
    {
        var staged = await _store.StageAsync(new MemoryStream(RandomBytes(300)), NoLimit, CancellationToken.None);
        Assert.Single(StagingFiles);

        await staged.DisposeAsync();
        await staged.DisposeAsync();

        Assert.Empty(StagingFiles);
        Assert.Empty(ContentFiles);
        Assert.False(_store.Exists(staged.Ref));
    }

    [Fact]
    public async Task Content_over_the_limit_throws_and_leaves_no_staging_file()
    {
        var error = await Assert.ThrowsAsync<BlobTooLargeException>(
            () => _store.StageAsync(new MemoryStream(RandomBytes(1_001)), maxBytes: 1_000, CancellationToken.None));

        Assert.Equal(1_000, error.MaxBytes);
        Assert.Empty(StagingFiles);
    }

    [Fact]
    public async Task Content_of_exactly_the_limit_is_accepted()
    {
        await using var staged = await _store.StageAsync(new MemoryStream(RandomBytes(1_000)), maxBytes: 1_000, CancellationToken.None);

        Assert.Equal(1_000, staged.Ref.Length);
    }

    [Fact]
    public async Task The_limit_stops_an_endless_stream()
    {
        var endless = new GeneratedStream(long.MaxValue);

        await Assert.ThrowsAsync<BlobTooLargeException>(
            () => _store.StageAsync(endless, maxBytes: 1_000_000, CancellationToken.None));

        Assert.InRange(endless.Position, 1_000_001, 1_000_000 + 80 * 1024);
        Assert.Empty(StagingFiles);
    }

    [Fact]
    public async Task Cancelling_while_staging_leaves_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        // Cancels once a first chunk has been handed over, so a partly written staging file exists.
        var content = new GeneratedStream(10_000_000, onLaterRead: cancellation.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.StageAsync(content, NoLimit, cancellation.Token));

        Assert.True(content.Position > 0);
        Assert.Empty(StagingFiles);
        Assert.Empty(ContentFiles);
    }

    [Fact]
    public async Task A_failing_source_stream_leaves_nothing()
    {
        var content = new GeneratedStream(10_000_000, onLaterRead: () => throw new IOException("connection reset"));

        await Assert.ThrowsAsync<IOException>(() => _store.StageAsync(content, NoLimit, CancellationToken.None));

        Assert.Empty(StagingFiles);
    }

    [Fact]
    public async Task Five_megabytes_stream_through_intact()
    {
        const long size = 5 * 1024 * 1024 + 17; // not a multiple of the buffer size
        var expectedHash = await HashAsync(new GeneratedStream(size));
        var expectedAddress = Convert.ToHexStringLower(await HMACSHA256.HashDataAsync(_keys.AddressKey, new GeneratedStream(size)));

        await using var staged = await _store.StageAsync(new GeneratedStream(size), NoLimit, CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);

        Assert.Equal(new BlobRef(expectedAddress, size), blob);
        Assert.Equal(expectedHash, staged.PlainSha256);
        await using var stored = _store.OpenRead(blob);
        Assert.Equal(size, stored.Length);
        Assert.Equal(expectedHash, await HashAsync(stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678/")]
    [InlineData("..cdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    public void A_malformed_hash_is_rejected_before_it_becomes_a_path(string hash)
    {
        var blob = new BlobRef(hash, 1);

        Assert.Throws<ArgumentException>(() => _store.OpenRead(blob));
        Assert.Throws<ArgumentException>(() => _store.Exists(blob));
    }

    [Fact]
    public void A_missing_blob_is_reported_as_not_found()
    {
        var blob = new BlobRef(Convert.ToHexStringLower(SHA256.HashData("absent"u8)), 6);

        var error = Assert.Throws<BlobNotFoundException>(() => _store.OpenRead(blob));

        Assert.Equal(blob, error.Blob);
        Assert.False(_store.Exists(blob));
    }

    [Fact]
    public async Task Abandoned_staging_files_are_swept_and_fresh_ones_kept()
    {
        // Neither is disposed, as after a crash; the first is made to look an hour old.
        var abandoned = await _store.StageAsync(new MemoryStream(RandomBytes(10)), NoLimit, CancellationToken.None);
        await using var fresh = await _store.StageAsync(new MemoryStream(RandomBytes(20)), NoLimit, CancellationToken.None);
        // Encrypted files are a header and a tag larger than their content, but still ordered by it.
        var abandonedFile = StagingFiles.MinBy(file => new FileInfo(file).Length)!;
        var freshLength = StagingFiles.Max(file => new FileInfo(file).Length);
        File.SetLastWriteTimeUtc(abandonedFile, DateTime.UtcNow.AddHours(-1));

        var deleted = _store.DeleteAbandonedStagingFiles(TimeSpan.FromMinutes(30));

        Assert.Equal(1, deleted);
        Assert.False(File.Exists(abandonedFile));
        Assert.Equal(freshLength, new FileInfo(StagingFiles.Single()).Length);
        await abandoned.DisposeAsync(); // its file is already gone: must not throw
    }

    [Fact]
    public void A_new_store_creates_its_folders()
    {
        Assert.True(Directory.Exists(StagingDirectory));
        Assert.True(Directory.Exists(Path.Combine(_root, "sha256")));
    }

    [UnixOnlyFact]
    [UnsupportedOSPlatform("windows")]
    public async Task Files_and_folders_are_for_the_owner_only()
    {
        const UnixFileMode fileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        const UnixFileMode folderMode = fileMode | UnixFileMode.UserExecute;
        var root = Path.Combine(_root, "fresh-root");
        var store = new FileBlobStore(root, _keys);

        await using var staged = await store.StageAsync(new MemoryStream(RandomBytes(10)), NoLimit, CancellationToken.None);
        var stagedFile = Directory.GetFiles(Path.Combine(root, "staging")).Single();
        Assert.Equal(fileMode, File.GetUnixFileMode(stagedFile));

        var blob = await staged.CommitAsync(CancellationToken.None);
        var committedFile = Path.Combine(root, "sha256", blob.Sha256[..2], blob.Sha256[2..4], blob.Sha256);
        Assert.Equal(fileMode, File.GetUnixFileMode(committedFile));
        foreach (var folder in new[] { root, Path.Combine(root, "staging"), Path.GetDirectoryName(committedFile)!,
                     Path.GetDirectoryName(Path.GetDirectoryName(committedFile))! })
            Assert.Equal(folderMode, File.GetUnixFileMode(folder));
    }

    private string Address(byte[] content) => Convert.ToHexStringLower(HMACSHA256.HashData(_keys.AddressKey, content));

    private static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    private static async Task<string> HashAsync(Stream stream) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));

    /// <summary>
    /// A forward-only stream of <paramref name="length"/> deterministic bytes made up as they are read,
    /// so large content never exists in memory as a whole; <paramref name="onLaterRead"/> runs on every read
    /// but the first, to interrupt staging midway.
    /// </summary>
    private sealed class GeneratedStream(long length, Action? onLaterRead = null) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position > 0)
                onLaterRead?.Invoke();
            var count = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < count; i++)
            {
                var n = _position + i;
                buffer[i] = (byte)((n * 31) ^ (n >> 11));
            }
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
