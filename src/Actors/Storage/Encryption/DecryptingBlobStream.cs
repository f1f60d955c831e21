using System.Security.Cryptography;

namespace Digipoort.Actors.Storage.Encryption;

/// <summary>
/// The plaintext of an encrypted blob (<see cref="BlobFormat"/>), read from a seekable stream of its stored
/// bytes (a file, or a database's chunks): read-only, forward-only, one
/// chunk in memory at a time, and no byte handed out before its chunk's tag has been verified.
/// Opening verifies the final chunk first, so a truncated file or one stored under another blob's
/// address fails before any content is returned. Failures are <see cref="BlobUnreadableException"/>.
/// </summary>
internal sealed class DecryptingBlobStream : Stream
{
    private readonly Stream _file;
    private readonly AesGcm _aes;
    private readonly byte[] _header;
    private readonly long _bodyStart;
    private readonly int _chunkSize;
    private readonly long _chunks;
    private readonly long _length;
    private readonly byte[] _sealed;
    private readonly byte[] _plain;
    private readonly byte[] _final;
    private readonly int _finalLength;
    private readonly byte[] _nonce = BlobFormat.NonceBuffer();
    private readonly byte[] _associatedData;
    private byte[] _current = []; // _plain, or _final for the last chunk
    private long _next; // the index of the next chunk to load
    private int _plainLength;
    private int _plainOffset;
    private long _position;

    private DecryptingBlobStream(Stream file, AesGcm aes, byte[] header, int chunkSize, long chunks, long length)
    {
        _file = file;
        _aes = aes;
        _header = header;
        _bodyStart = header.Length;
        _chunkSize = chunkSize;
        _chunks = chunks;
        _length = length;
        _sealed = new byte[chunkSize + BlobFormat.TagSize];
        _plain = new byte[chunkSize];
        _final = new byte[chunkSize];
        _associatedData = BlobFormat.AssociatedDataBuffer(header);
        _finalLength = (int)(length - (chunks - 1) * chunkSize);
    }

    /// <summary>
    /// Takes ownership of <paramref name="file"/>, which must be seekable (the final chunk is verified first);
    /// <paramref name="address"/> is the keyed address the file is expected to hold.
    /// </summary>
    public static DecryptingBlobStream Open(Stream file, BlobKeyRing keys, string address)
    {
        AesGcm? aes = null;
        try
        {
            var (header, keyId, salt, chunkSize) = BlobFormat.ReadHeader(file);
            if (!keys.TryGetKey(keyId, out var key))
                throw new BlobUnreadableException($"The blob is encrypted with key '{keyId}', which is not in the key ring.");
            var (chunks, length) = BlobFormat.Layout(file.Length - header.Length, chunkSize);
            aes = new AesGcm(BlobFormat.FileKey(key, salt), BlobFormat.TagSize);
            var stream = new DecryptingBlobStream(file, aes, header, chunkSize, chunks, length);
            stream.VerifyFinalChunk(Convert.FromHexString(address));
            return stream;
        }
        catch
        {
            aes?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_plainOffset == _plainLength && !LoadNextChunk(read: null))
            return 0;
        return Take(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_plainOffset == _plainLength)
        {
            if (_next >= _chunks)
                return 0;
            var sealedLength = _next == _chunks - 1 ? 0 : _chunkSize + BlobFormat.TagSize;
            if (sealedLength > 0)
                await ReadSealedAsync(sealedLength, cancellationToken);
            LoadNextChunk(read: sealedLength);
        }
        return Take(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            _file.Dispose();
            // Decrypted content does not linger in memory longer than the stream.
            CryptographicOperations.ZeroMemory(_plain);
            CryptographicOperations.ZeroMemory(_final);
        }
        base.Dispose(disposing);
    }

    private int Take(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _plainLength - _plainOffset);
        _current.AsSpan(_plainOffset, count).CopyTo(buffer);
        _plainOffset += count;
        _position += count;
        return count;
    }

    /// <summary>
    /// Makes the next chunk current; <paramref name="read"/> is the sealed length already read into the
    /// buffer by an async caller, or null to read it here. The final chunk was decrypted on opening.
    /// </summary>
    private bool LoadNextChunk(int? read)
    {
        if (_next >= _chunks)
            return false;
        if (_next == _chunks - 1)
        {
            _current = _final;
            _plainLength = _finalLength;
        }
        else
        {
            if (read is null)
                ReadSealed(_chunkSize + BlobFormat.TagSize);
            Decrypt(_next, final: false, [], _sealed, _chunkSize, _plain);
            _current = _plain;
            _plainLength = _chunkSize;
        }
        _plainOffset = 0;
        _next++;
        return true;
    }

    private void VerifyFinalChunk(byte[] address)
    {
        var index = _chunks - 1;
        _file.Position = _bodyStart + index * (_chunkSize + BlobFormat.TagSize);
        ReadSealed(_finalLength + BlobFormat.TagSize);
        Decrypt(index, final: true, address, _sealed, _finalLength, _final);
        _file.Position = _bodyStart;
    }

    private void Decrypt(long index, bool final, ReadOnlySpan<byte> address, byte[] sealedChunk, int length, byte[] plain)
    {
        BlobFormat.Nonce(index, _nonce);
        try
        {
            _aes.Decrypt(_nonce, sealedChunk.AsSpan(0, length), sealedChunk.AsSpan(length, BlobFormat.TagSize),
                plain.AsSpan(0, length), BlobFormat.AssociatedData(_associatedData, _header, index, final, address));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new BlobUnreadableException(
                $"Chunk {index} of the blob failed authentication: the file was altered, truncated or is not this blob's.", e);
        }
    }

    private void ReadSealed(int length)
    {
        try
        {
            _file.ReadExactly(_sealed, 0, length);
        }
        catch (EndOfStreamException e)
        {
            throw new BlobUnreadableException("The blob file ended early.", e);
        }
    }

    private async Task ReadSealedAsync(int length, CancellationToken cancellationToken)
    {
        try
        {
            await _file.ReadExactlyAsync(_sealed.AsMemory(0, length), cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new BlobUnreadableException("The blob file ended early.", e);
        }
    }
}
