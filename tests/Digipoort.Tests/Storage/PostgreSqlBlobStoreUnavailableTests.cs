using Digipoort.Actors.Domain;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Actors.Storage.PostgreSql;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Storage;

/// <summary>
/// A database that cannot be reached fails each operation with an <see cref="IOException"/>, which readers and
/// writers already treat as "retry later", instead of a provider exception they do not expect.
/// </summary>
public sealed class PostgreSqlBlobStoreUnavailableTests : IDisposable
{
    private readonly TempDirectory _staging = new();

    public void Dispose() => _staging.Dispose();

    [Fact]
    public async Task Every_operation_on_an_unreachable_database_is_a_BlobStoreUnavailableException()
    {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        using var store = new PostgreSqlBlobStore("Host=127.0.0.1;Port=1;Timeout=2", _staging.Path, BlobKeyRing.Generate());
        var blob = new BlobRef(new string('a', 64), 1);

        Assert.IsAssignableFrom<IOException>(Assert.Throws<BlobStoreUnavailableException>(() => store.OpenRead(blob)));
        Assert.Throws<BlobStoreUnavailableException>(() => store.Exists(blob));
        var staged = await store.StageAsync(new MemoryStream([1, 2, 3]), 10, CancellationToken.None);
        await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => staged.CommitAsync(CancellationToken.None));
        await staged.DisposeAsync();
        Assert.Empty(Directory.GetFiles(_staging.Path));
    }
}
