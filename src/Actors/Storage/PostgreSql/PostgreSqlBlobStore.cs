using System.Buffers;
using System.Buffers.Binary;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Storage.Encryption;
using Npgsql;
using NpgsqlTypes;

namespace Digipoort.Actors.Storage.PostgreSql;

/// <summary>
/// <see cref="IBlobStore"/> in a PostgreSQL database that every node of a cluster shares, for clusters
/// without a shared file system. It stores exactly what <see cref="FileBlobStore"/> writes to a file: the
/// same encrypted format (<see cref="BlobFormat"/>) under the same keyed address, staged the same way in a
/// local folder (<see cref="BlobStagingArea"/>). Commit copies the staging file into <c>blob_chunk</c> rows
/// and then writes the <c>blob</c> row, all in one transaction, so a reader never sees part of a blob;
/// reading fetches one chunk at a time (<see cref="StoredChunkStream"/>) and decrypts as it goes. Neither
/// way holds more than one chunk of a blob in memory, whatever its size. Failures of the database itself
/// are <see cref="BlobStoreUnavailableException"/>s.
/// </summary>
public sealed class PostgreSqlBlobStore : IStagingBlobStore, IDisposable
{
    /// <summary>Large enough that a big blob is not thousands of round trips, small enough to hold one per open stream.</summary>
    public const int DefaultChunkSize = 256 * 1024;

    /// <summary>The first key ("DPB1") of the two-key advisory locks on blob addresses; the second is taken from the address.</summary>
    private const int AddressLockSpace = 0x4450_4231;

    private readonly NpgsqlDataSource _database;
    private readonly BlobStagingArea _staging;
    private readonly PostgreSqlBlobSchema _schema = new();
    private readonly int _chunkSize;

    /// <param name="connectionString">The shared database; the tables are created in its default schema on first use.</param>
    /// <param name="stagingDirectory">A local folder for uploads not yet committed.</param>
    /// <param name="keys">New content is encrypted with its current key; any of its keys decrypts.</param>
    /// <param name="chunkSize">The size of a <c>blob_chunk</c> row for new blobs; each blob remembers its own.</param>
    public PostgreSqlBlobStore(string connectionString, string stagingDirectory, BlobKeyRing keys, int chunkSize = DefaultChunkSize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        _staging = new BlobStagingArea(stagingDirectory, keys);
        _chunkSize = chunkSize;
        _database = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The keys this store encrypts and decrypts with.</summary>
    public BlobKeyRing Keys => _staging.Keys;

    public Task<StagedBlob> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
        _staging.StageAsync(this, content, maxBytes, cancellationToken);

    public Stream OpenRead(BlobRef blob)
    {
        var address = AddressOf(blob);
        long storedLength;
        int chunkSize;
        try
        {
            using var connection = Open();
            using var command = new NpgsqlCommand("SELECT stored_length, chunk_size FROM blob WHERE address = $1", connection)
            {
                Parameters = { Address(address) },
            };
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                throw new BlobNotFoundException(blob);
            storedLength = reader.GetInt64(0);
            chunkSize = reader.GetInt32(1);
        }
        catch (NpgsqlException e)
        {
            throw Unavailable("The blob could not be opened", e);
        }
        return DecryptingBlobStream.Open(new StoredChunkStream(_database, address, storedLength, chunkSize), Keys, blob.Sha256);
    }

    public bool Exists(BlobRef blob)
    {
        var address = AddressOf(blob);
        try
        {
            using var connection = Open();
            using var command = ExistsCommand(connection, address);
            return (bool)command.ExecuteScalar()!;
        }
        catch (NpgsqlException e)
        {
            throw Unavailable("The blob could not be looked up", e);
        }
    }

    /// <summary>Removes what a crash left in the local staging folder; see <see cref="FileBlobStore.DeleteAbandonedStagingFiles"/>.</summary>
    public int DeleteAbandonedStagingFiles(TimeSpan olderThan) => _staging.DeleteAbandonedFiles(olderThan);

    /// <summary>The ids of the keys committed blobs are encrypted with, with how many blobs use each.</summary>
    public IReadOnlyDictionary<string, int> KeyIdsInUse()
    {
        try
        {
            using var connection = Open();
            using var command = new NpgsqlCommand("SELECT key_id, count(*) FROM blob GROUP BY key_id", connection);
            using var reader = command.ExecuteReader();
            var inUse = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read())
                inUse[reader.GetString(0)] = checked((int)reader.GetInt64(1));
            return inUse;
        }
        catch (NpgsqlException e)
        {
            throw Unavailable("The blobs' keys could not be counted", e);
        }
    }

    public void Dispose() => _database.Dispose();

    /// <summary>Copies a flushed staging file into chunks, then records the blob, in one transaction.</summary>
    async Task IStagingBlobStore.PromoteAsync(string stagingPath, BlobRef blob, CancellationToken cancellationToken)
    {
        var address = AddressOf(blob);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockAsync(connection, address, cancellationToken);
            await using (var exists = ExistsCommand(connection, address))
                if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
                    return; // content-addressed: the very same content is already stored

            await using var file = OwnerOnlyFiles.OpenRead(stagingPath);
            var keyId = BlobFormat.ReadHeader(file).KeyId;
            file.Position = 0;
            await InsertChunksAsync(connection, address, file, cancellationToken);
            await using var record = new NpgsqlCommand(
                """
                INSERT INTO blob (address, size, stored_length, chunk_size, key_id) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (address) DO NOTHING
                """, connection);
            record.Parameters.Add(Address(address));
            record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = blob.Length });
            record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = file.Length });
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _chunkSize });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = keyId });
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw Unavailable("The blob could not be committed", e);
        }
    }

    /// <summary>
    /// Nodes committing the same content at once queue here, until the transaction ends; the later ones then
    /// find the blob and stop, rather than upload it again only to have every row refused.
    /// </summary>
    private static async Task LockAsync(NpgsqlConnection connection, byte[] address, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = AddressLockSpace });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = BinaryPrimitives.ReadInt32BigEndian(address) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One prepared insert per chunk, from one reused buffer: the file never is in memory as a whole.</summary>
    private async Task InsertChunksAsync(NpgsqlConnection connection, byte[] address, Stream file, CancellationToken cancellationToken)
    {
        var seq = new NpgsqlParameter<int>();
        var bytes = new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea };
        await using var insert = new NpgsqlCommand("INSERT INTO blob_chunk (address, seq, bytes) VALUES ($1, $2, $3)", connection)
        {
            Parameters = { Address(address), seq, bytes },
        };
        await insert.PrepareAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(_chunkSize);
        try
        {
            // A staging file holds at least a header and a tag, so there is always a first chunk.
            for (var index = 0; ; index++)
            {
                var read = await file.ReadAtLeastAsync(buffer.AsMemory(0, _chunkSize), _chunkSize, throwOnEndOfStream: false,
                    cancellationToken);
                if (read == 0)
                    break;
                seq.TypedValue = index;
                bytes.TypedValue = buffer.AsMemory(0, read);
                await insert.ExecuteNonQueryAsync(cancellationToken);
                if (read < _chunkSize)
                    break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private NpgsqlConnection Open()
    {
        var connection = _database.OpenConnection();
        try
        {
            _schema.EnsureCreated(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenConnectionAsync(cancellationToken);
        try
        {
            _schema.EnsureCreated(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static NpgsqlCommand ExistsCommand(NpgsqlConnection connection, byte[] address) =>
        new("SELECT EXISTS (SELECT 1 FROM blob WHERE address = $1)", connection) { Parameters = { Address(address) } };

    private static NpgsqlParameter<byte[]> Address(byte[] address) => new() { TypedValue = address, NpgsqlDbType = NpgsqlDbType.Bytea };

    /// <summary>The address as stored: 32 bytes rather than 64 hex digits, which halves the keys and their indexes.</summary>
    private static byte[] AddressOf(BlobRef blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (!BlobRef.IsValidHash(blob.Sha256))
            throw new ArgumentException("The blob reference does not hold a 64-digit lowercase hex content address.", nameof(blob));
        return Convert.FromHexString(blob.Sha256);
    }

    private static BlobStoreUnavailableException Unavailable(string what, NpgsqlException e) =>
        new($"{what}: the PostgreSQL blob store failed ({e.Message}).", e);
}
