using Digipoort.Actors.Storage;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Storage;

public sealed class FileSystemSyncTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [LinuxOnlyFact]
    public async Task Writers_asking_at_once_share_few_flushes_and_each_returns_after_one()
    {
        using var sync = new FileSystemSync(_folder.Path);
        var files = Enumerable.Range(0, 64).Select(i => Path.Combine(_folder.Path, $"blob-{i}")).ToList();

        await Task.WhenAll(files.Select(async path =>
        {
            await File.WriteAllBytesAsync(path, new byte[4096]);
            await sync.SyncAsync(path);
        }));

        Assert.InRange(sync.Flushes, 1, 63);
        await sync.SyncAsync(files[0]);
        Assert.True(sync.Flushes >= 2, "a writer asking after the others had their flush gets one of its own");
    }

    [LinuxOnlyFact]
    public async Task A_writer_asking_while_a_flush_runs_waits_for_the_next_one()
    {
        using var sync = new FileSystemSync(_folder.Path);
        var path = Path.Combine(_folder.Path, "blob");
        await File.WriteAllBytesAsync(path, new byte[4096]);

        var first = sync.SyncAsync(path);
        var second = sync.SyncAsync(path);
        await Task.WhenAll(first, second);
        var third = sync.SyncAsync(path);
        await third;

        // The first two asked before any flush began, or the second during the first: one or two flushes. The third
        // asked after both had theirs, so it was answered by a flush that began after it asked.
        Assert.InRange(sync.Flushes, 2, 3);
    }

    public void Dispose() => _folder.Dispose();
}
