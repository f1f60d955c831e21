using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Digipoort.Actors.Storage.Encryption;

/// <summary>
/// The layout of an encrypted blob file (version 1):
/// <code>
/// header: "DPB1" | version (1 byte, 1) | key id length (1 byte) | key id (ASCII) | salt (16 bytes) | chunk size (uint32 BE)
/// body:   chunk 0 | chunk 1 | … | chunk n-1, each AES-256-GCM ciphertext of chunk-size plaintext bytes (the last one
///         of 1..chunk-size, or 0 for empty content) followed by its 16-byte tag
/// </code>
/// Each file has its own key, HKDF-SHA256(content key, salt); the nonce is the chunk index, which is
/// unique under that key. The associated data of a chunk is the header, its index and a final flag, so
/// chunks cannot be reordered, moved between files or dropped at the end; the final chunk's also holds
/// the blob's address, so a file cannot be served under another blob's address.
/// </summary>
internal static class BlobFormat
{
    public const int DefaultChunkSize = 64 * 1024;
    public const int MaxChunkSize = 1024 * 1024;
    public const int TagSize = 16;
    public const int SaltSize = 16;
    public const int AddressSize = 32;
    private const int NonceSize = 12;
    private const byte Version = 1;
    private static ReadOnlySpan<byte> Magic => "DPB1"u8;
    private static ReadOnlySpan<byte> KeyInfo => "digipoort/blob-content/v1"u8;

    public static byte[] WriteHeader(string keyId, ReadOnlySpan<byte> salt, int chunkSize)
    {
        var id = Encoding.ASCII.GetBytes(keyId);
        var header = new byte[Magic.Length + 2 + id.Length + SaltSize + 4];
        Magic.CopyTo(header);
        header[4] = Version;
        header[5] = (byte)id.Length;
        id.CopyTo(header, 6);
        salt.CopyTo(header.AsSpan(6 + id.Length));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(6 + id.Length + SaltSize), (uint)chunkSize);
        return header;
    }

    /// <summary>Reads and checks the header at the start of <paramref name="file"/>; the header's bytes are returned for the associated data.</summary>
    public static (byte[] Header, string KeyId, byte[] Salt, int ChunkSize) ReadHeader(Stream file)
    {
        Span<byte> start = stackalloc byte[6];
        if (file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) < start.Length
            || !start[..4].SequenceEqual(Magic) || start[4] != Version
            || start[5] is 0 or > BlobKeyRing.MaxKeyIdLength)
            throw new BlobUnreadableException("The blob file does not start with a version 1 header.");
        var header = new byte[6 + start[5] + SaltSize + 4];
        start.CopyTo(header);
        if (file.ReadAtLeast(header.AsSpan(6), header.Length - 6, throwOnEndOfStream: false) < header.Length - 6)
            throw new BlobUnreadableException("The blob file's header is truncated.");
        var keyId = Encoding.ASCII.GetString(header, 6, start[5]);
        var salt = header.AsSpan(6 + start[5], SaltSize).ToArray();
        var chunkSize = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(6 + start[5] + SaltSize));
        if (chunkSize is 0 or > MaxChunkSize)
            throw new BlobUnreadableException("The blob file's chunk size is out of range.");
        return (header, keyId, salt, (int)chunkSize);
    }

    public static byte[] FileKey(byte[] contentKey, ReadOnlySpan<byte> salt) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, contentKey, BlobKeyRing.KeySize, salt.ToArray(), KeyInfo.ToArray());

    public static void Nonce(long index, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
    }

    public static byte[] NonceBuffer() => new byte[NonceSize];

    /// <summary>header | index (int64 BE) | final (1 byte) | address (final chunk only).</summary>
    public static byte[] AssociatedDataBuffer(byte[] header) => new byte[header.Length + 9 + AddressSize];

    public static ReadOnlySpan<byte> AssociatedData(byte[] buffer, byte[] header, long index, bool final, ReadOnlySpan<byte> address)
    {
        header.CopyTo(buffer, 0);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(header.Length), index);
        buffer[header.Length + 8] = final ? (byte)1 : (byte)0;
        if (!final)
            return buffer.AsSpan(0, header.Length + 9);
        address.CopyTo(buffer.AsSpan(header.Length + 9));
        return buffer;
    }

    /// <summary>The number of chunks and the plaintext length that a body of <paramref name="bodyLength"/> bytes holds.</summary>
    public static (long Chunks, long PlainLength) Layout(long bodyLength, int chunkSize)
    {
        var sealedChunk = (long)chunkSize + TagSize;
        var chunks = (bodyLength + sealedChunk - 1) / sealedChunk;
        var last = bodyLength - (chunks - 1) * sealedChunk;
        // Only content that is empty altogether has an empty (tag-only) chunk, and then just the one.
        if (chunks == 0 || last < TagSize || (last == TagSize && chunks > 1))
            throw new BlobUnreadableException("The blob file's length does not match its chunk layout: it was truncated or extended.");
        return (chunks, bodyLength - chunks * TagSize);
    }
}
