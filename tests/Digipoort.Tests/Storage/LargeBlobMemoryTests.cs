using System.Security.Cryptography;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Actors.Storage.PostgreSql;
using Digipoort.Tests.Support;
using Xunit.Abstractions;

namespace Digipoort.Tests.Storage;

/// <summary>
/// A payload far larger than any buffer goes into PostgreSQL and back out again without ever being in
/// memory as a whole: what the process allocates meanwhile stays a small fraction of its size.
/// </summary>
[Collection(MeasurementCollection.Name)]
public sealed class LargeBlobMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long Size = 64L * 1024 * 1024;

    /// <summary>A few chunks' worth of buffers plus per-query overhead; a whole payload anywhere would be 16 times this.</summary>
    private const long Budget = Size / 16;

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [PostgreSqlFact]
    public async Task A_64_MiB_payload_is_committed_and_read_back_with_allocations_far_below_its_size()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync("hb_");
        using var store = new PostgreSqlBlobStore(database.ConnectionString, _folder.Path, BlobKeyRing.Generate());
        var expectedHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(new GeneratedStream(Size)));
        await WarmUpAsync(store);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await using var staged = await store.StageAsync(new GeneratedStream(Size), long.MaxValue, CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);
        var writing = GC.GetTotalAllocatedBytes(precise: true) - before;

        before = GC.GetTotalAllocatedBytes(precise: true);
        string hash;
        await using (var stream = store.OpenRead(blob))
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
        var reading = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"{Size / (1024 * 1024)} MiB: allocated {writing / 1024} KiB staging and committing, {reading / 1024} KiB reading");
        Assert.Equal(expectedHash, hash);
        Assert.Equal(Size, blob.Length);
        Assert.True(writing < Budget, $"Staging and committing allocated {writing} bytes, over {Budget}.");
        Assert.True(reading < Budget, $"Reading allocated {reading} bytes, over {Budget}.");
    }

    /// <summary>The first blob creates the schema, fills the pool and JIT-compiles the paths: one-off costs, not per payload.</summary>
    private static async Task WarmUpAsync(PostgreSqlBlobStore store)
    {
        await using var staged = await store.StageAsync(new GeneratedStream(3 * PostgreSqlBlobStore.DefaultChunkSize), long.MaxValue,
            CancellationToken.None);
        var blob = await staged.CommitAsync(CancellationToken.None);
        await using var stream = store.OpenRead(blob);
        await SHA256.HashDataAsync(stream);
    }
}
