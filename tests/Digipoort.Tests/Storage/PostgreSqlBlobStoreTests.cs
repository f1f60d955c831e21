using Digipoort.Actors.Domain;
using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Actors.Storage.PostgreSql;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Storage;

/// <summary>
/// The blob store contract on PostgreSQL, and what a cluster sharing the database needs of it: every node
/// reads every node's blobs, concurrent commits of the same content, tampering detected, schema created once.
/// Each test class instance has a database of its own.
/// </summary>
[RequiresPostgreSql]
public sealed class PostgreSqlBlobStoreTests : BlobStoreContract
{
    private const int ChunkSize = PostgreSqlBlobStore.DefaultChunkSize;

    private readonly TempDirectory _folder = new();
    private readonly List<PostgreSqlBlobStore> _stores = [];
    private PostgreSqlTestDatabase _database = null!;

    protected override string StagingDirectory => Path.Combine(_folder.Path, "node-0");

    private PostgreSqlBlobStore DatabaseStore => (PostgreSqlBlobStore)Store;

    protected override async Task<IBlobStore> StartAsync()
    {
        _database = await PostgreSqlTestDatabase.CreateAsync("hb_");
        return Node(Keys, StagingDirectory);
    }

    /// <summary>Another node: the same database, its own staging folder.</summary>
    protected override IBlobStore Reopen(BlobKeyRing keys) => Node(keys, Path.Combine(_folder.Path, "node-" + _stores.Count));

    /// <remarks>A store that was never used has not created its tables yet: then it holds nothing.</remarks>
    protected override async Task<int> CountStoredAsync() =>
        await _database.ScalarAsync<bool>("SELECT to_regclass('blob') IS NULL") ? 0 : (int)await _database.ScalarAsync<long>("SELECT count(*) FROM blob");

    protected override int DeleteAbandonedStagingFiles(TimeSpan olderThan) => DatabaseStore.DeleteAbandonedStagingFiles(olderThan);

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
            store.Dispose();
        if (_database is not null)
            await _database.DisposeAsync();
        _folder.Dispose();
    }

    [ContractFact]
    public async Task Two_nodes_on_one_database_read_each_others_blobs()
    {
        var other = Reopen(Keys);
        var mine = RandomBytes(600_000);
        var theirs = RandomBytes(70_000);

        var myBlob = await StoreAsync(Store, mine);
        var theirBlob = await StoreAsync(other, theirs);

        Assert.True(other.Exists(myBlob));
        Assert.True(Store.Exists(theirBlob));
        Assert.Equal(mine, await ReadAllAsync(other.OpenRead(myBlob)));
        Assert.Equal(theirs, await ReadAllAsync(Store.OpenRead(theirBlob)));
    }

    [ContractFact]
    public async Task Two_nodes_committing_the_same_content_at_once_store_it_once_and_both_succeed()
    {
        var other = Reopen(Keys);
        for (var round = 0; round < 5; round++)
        {
            var content = RandomBytes(3 * ChunkSize + 1_000); // several chunk rows, so the two transactions overlap
            await using var mine = await Store.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);
            await using var theirs = await other.StageAsync(new MemoryStream(content), NoLimit, CancellationToken.None);

            var refs = await Task.WhenAll(mine.CommitAsync(CancellationToken.None), theirs.CommitAsync(CancellationToken.None));

            Assert.Equal(refs[0], refs[1]);
            var address = Convert.FromHexString(refs[0].Sha256);
            var storedLength = await _database.ScalarAsync<long>("SELECT stored_length FROM blob WHERE address = $1", address);
            // One upload's chunks only: two uploads differ byte for byte (each has its own salt), so a mix would not decrypt.
            Assert.Equal((storedLength + ChunkSize - 1) / ChunkSize,
                await _database.ScalarAsync<long>("SELECT count(*) FROM blob_chunk WHERE address = $1", address));
            Assert.Equal(content, await ReadAllAsync(Store.OpenRead(refs[0])));
            Assert.Equal(content, await ReadAllAsync(other.OpenRead(refs[0])));
        }
        Assert.Equal(5, await CountStoredAsync());
    }

    [ContractFact]
    public async Task A_changed_byte_in_any_chunk_row_makes_reading_fail()
    {
        var content = RandomBytes(3 * ChunkSize);
        var blob = await StoreAsync(Store, content);
        var address = Convert.FromHexString(blob.Sha256);

        foreach (var seq in new[] { 0, 1, 3 }) // the header's, a middle one, the last (a short one)
        {
            await FlipByteAsync(address, seq, offset: 40);
            await Assert.ThrowsAnyAsync<IOException>(() => ReadAllAsync(Store.OpenRead(blob)));
            await FlipByteAsync(address, seq, offset: 40);
            Assert.Equal(content, await ReadAllAsync(Store.OpenRead(blob))); // flipped back: readable again
        }
    }

    [ContractFact]
    public async Task A_missing_or_cut_chunk_row_makes_reading_fail_before_the_bytes_behind_it()
    {
        var blob = await StoreAsync(Store, RandomBytes(3 * ChunkSize));
        var address = Convert.FromHexString(blob.Sha256);

        await _database.ExecuteAsync("UPDATE blob_chunk SET bytes = substring(bytes from 1 for 1000) WHERE address = $1 AND seq = 1", address);
        var cut = await Assert.ThrowsAsync<BlobUnreadableException>(() => ReadAllAsync(Store.OpenRead(blob)));
        Assert.Contains("Chunk 1", cut.Message, StringComparison.Ordinal);

        await _database.ExecuteAsync("DELETE FROM blob_chunk WHERE address = $1 AND seq = 1", address);
        var missing = await Assert.ThrowsAsync<BlobUnreadableException>(() => ReadAllAsync(Store.OpenRead(blob)));
        Assert.Contains("missing", missing.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task A_blob_row_pointing_at_another_blobs_chunks_fails_to_open()
    {
        var a = await StoreAsync(Store, RandomBytes(1_000));
        var b = await StoreAsync(Store, RandomBytes(1_000));
        await _database.ExecuteAsync("DELETE FROM blob_chunk WHERE address = $1", Convert.FromHexString(b.Sha256));
        await _database.ExecuteAsync("UPDATE blob_chunk SET address = $1 WHERE address = $2",
            Convert.FromHexString(b.Sha256), Convert.FromHexString(a.Sha256));

        Assert.ThrowsAny<IOException>(() => Store.OpenRead(b).Dispose());
    }

    [ContractFact]
    public async Task The_keys_in_use_are_counted_in_the_database()
    {
        await StoreAsync(Store, RandomBytes(10));
        await StoreAsync(Store, RandomBytes(20));
        var rotated = (PostgreSqlBlobStore)Reopen(Keys.WithNewCurrentKey());
        await StoreAsync(rotated, RandomBytes(30));

        Assert.Equal(new Dictionary<string, int> { ["k1"] = 2, ["k2"] = 1 }, rotated.KeyIdsInUse());
    }

    [ContractFact]
    public async Task Nodes_starting_at_once_on_an_empty_database_create_the_tables_once()
    {
        await using var fresh = await PostgreSqlTestDatabase.CreateAsync("hb_");
        var nodes = Enumerable.Range(0, 6)
            .Select(i => new PostgreSqlBlobStore(fresh.ConnectionString, Path.Combine(_folder.Path, "fresh-" + i), Keys))
            .ToList();
        try
        {
            var probe = new BlobRef(new string('a', 64), 1);

            // Each node's first use creates the schema; none may fail because another is creating it too.
            var answers = await Task.WhenAll(nodes.Select(node => Task.Run(() => node.Exists(probe))));

            Assert.All(answers, Assert.False);
            Assert.Equal(2L, await fresh.ScalarAsync<long>(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('blob', 'blob_chunk')"));
        }
        finally
        {
            nodes.ForEach(node => node.Dispose()); // before the database is dropped
        }
    }

    [ContractFact]
    public async Task A_committed_blob_keeps_no_plaintext_in_the_database()
    {
        var marker = "<geheim>BSN 123456782 omzet 987654</geheim>"u8.ToArray();
        var content = Enumerable.Repeat(marker, 20_000).SelectMany(b => b).ToArray(); // several chunk rows

        await StoreAsync(Store, content);

        // position() finds a byte sequence anywhere in a bytea.
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM blob_chunk WHERE position($1::bytea in bytes) > 0",
            marker.AsSpan(0, 16).ToArray()));
    }

    private PostgreSqlBlobStore Node(BlobKeyRing keys, string stagingDirectory) =>
        Track(new PostgreSqlBlobStore(_database.ConnectionString, stagingDirectory, keys));

    private PostgreSqlBlobStore Track(PostgreSqlBlobStore store)
    {
        _stores.Add(store);
        return store;
    }

    private Task FlipByteAsync(byte[] address, int seq, int offset) => _database.ExecuteAsync(
        "UPDATE blob_chunk SET bytes = set_byte(bytes, $3, get_byte(bytes, $3) # 1) WHERE address = $1 AND seq = $2", address, seq, offset);
}
