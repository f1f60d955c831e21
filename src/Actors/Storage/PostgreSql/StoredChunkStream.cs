using System.Buffers;
using System.Data;
using Digipoort.Actors.Storage.Encryption;
using Npgsql;

namespace Digipoort.Actors.Storage.PostgreSql;

/// <summary>
/// The stored (still encrypted) bytes of one committed blob, as a seekable read-only stream that fetches
/// one <c>blob_chunk</c> row at a time, when a read first reaches it: memory stays one chunk whatever the
/// blob's size, and no connection is held between reads (a delivery may keep its stream open for minutes).
/// Chunks of a committed blob never change, so fetching them over separate connections reads one consistent blob.
/// A missing or mis-sized chunk is a <see cref="BlobUnreadableException"/>; a database failure a
/// <see cref="BlobStoreUnavailableException"/>.
/// </summary>
internal sealed class StoredChunkStream : Stream
{
    // length() first: with SequentialAccess the bytes are then streamed from the socket into our buffer, not buffered as a row.
    private const string SelectChunk = "SELECT length(bytes), bytes FROM blob_chunk WHERE address = $1 AND seq = $2";

    private readonly NpgsqlDataSource _database;
    private readonly byte[] _address;
    private readonly long _length;
    private readonly int _chunkSize;
    private byte[]? _chunk;
    private long _loaded = -1; // the seq of the chunk in _chunk
    private int _loadedLength;
    private long _position;
    private bool _disposed;

    public StoredChunkStream(NpgsqlDataSource database, byte[] address, long length, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        _database = database;
        _address = address;
        _length = length;
        _chunkSize = chunkSize;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= _length)
            return 0;
        var seq = _position / _chunkSize;
        if (seq != _loaded)
        {
            try
            {
                using var connection = _database.OpenConnection();
                using var command = Select(connection, seq);
                using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow);
                var length = reader.Read() ? reader.GetInt32(0) : -1;
                var chunk = Prepare(seq, length);
                using var column = reader.GetStream(1);
                column.ReadExactly(chunk, 0, length);
                Loaded(seq, length);
            }
            catch (NpgsqlException e)
            {
                throw Unavailable(seq, e);
            }
        }
        return Take(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= _length)
            return 0;
        var seq = _position / _chunkSize;
        if (seq != _loaded)
        {
            try
            {
                await using var connection = await _database.OpenConnectionAsync(cancellationToken);
                await using var command = Select(connection, seq);
                await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow,
                    cancellationToken);
                var length = await reader.ReadAsync(cancellationToken) ? reader.GetInt32(0) : -1;
                var chunk = Prepare(seq, length);
                await using var column = await reader.GetStreamAsync(1, cancellationToken);
                await column.ReadExactlyAsync(chunk.AsMemory(0, length), cancellationToken);
                Loaded(seq, length);
            }
            catch (NpgsqlException e)
            {
                throw Unavailable(seq, e);
            }
        }
        return Take(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            // Ciphertext only: nothing to clear before another renter sees it.
            if (_chunk is not null)
                ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = null;
        }
        base.Dispose(disposing);
    }

    private NpgsqlCommand Select(NpgsqlConnection connection, long seq) => new(SelectChunk, connection)
    {
        Parameters =
        {
            new NpgsqlParameter<byte[]> { TypedValue = _address },
            new NpgsqlParameter<int> { TypedValue = (int)seq },
        },
    };

    /// <summary>
    /// Checks that chunk <paramref name="seq"/> was found (<paramref name="length"/> is -1 when not) with exactly
    /// the length the blob's layout gives it, since a row that was deleted, cut or padded must not shift every
    /// byte after it; returns the buffer to read it into.
    /// </summary>
    private byte[] Prepare(long seq, int length)
    {
        var expected = (int)Math.Min(_chunkSize, _length - seq * _chunkSize);
        if (length != expected)
            throw new BlobUnreadableException(length < 0
                ? $"Chunk {seq} of the blob is missing from the database."
                : $"Chunk {seq} of the blob holds {length} bytes instead of {expected}.");
        _loaded = -1; // until the new chunk is complete, the buffer holds no chunk
        return _chunk ??= ArrayPool<byte>.Shared.Rent(_chunkSize);
    }

    private void Loaded(long seq, int length)
    {
        _loaded = seq;
        _loadedLength = length;
    }

    private int Take(Span<byte> buffer)
    {
        var offset = (int)(_position - _loaded * _chunkSize);
        var count = Math.Min(buffer.Length, _loadedLength - offset);
        _chunk!.AsSpan(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    private static BlobStoreUnavailableException Unavailable(long seq, NpgsqlException e) =>
        new($"Chunk {seq} of the blob could not be read from the database: {e.Message}", e);
}
