using System.Runtime.Versioning;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Storage;

/// <summary>The blob store contract on a folder, and how the folder is laid out.</summary>
public sealed class FileBlobStoreTests : BlobStoreContract
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "digipoort-blobs-" + Guid.NewGuid().ToString("N"));

    protected override string StagingDirectory => Path.Combine(_root, "staging");

    private FileBlobStore FileStore => (FileBlobStore)Store;

    private string[] ContentFiles => Directory.GetFiles(Path.Combine(_root, "sha256"), "*", SearchOption.AllDirectories);

    protected override Task<IBlobStore> StartAsync() => Task.FromResult<IBlobStore>(new FileBlobStore(_root, Keys));

    protected override IBlobStore Reopen(BlobKeyRing keys) => new FileBlobStore(_root, keys);

    protected override Task<int> CountStoredAsync() => Task.FromResult(ContentFiles.Length);

    protected override int DeleteAbandonedStagingFiles(TimeSpan olderThan) => FileStore.DeleteAbandonedStagingFiles(olderThan);

    public override Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_committed_file_is_stored_under_its_hash()
    {
        var staged = await Store.StageAsync(new MemoryStream(RandomBytes(100)), NoLimit, CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);
        await staged.DisposeAsync();

        var expected = Path.Combine(_root, "sha256", blob.Sha256[..2], blob.Sha256[2..4], blob.Sha256);
        Assert.Equal([expected], ContentFiles);
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
        var store = new FileBlobStore(root, Keys);

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
}
