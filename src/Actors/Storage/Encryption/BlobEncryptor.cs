using System.Buffers;
using System.Security.Cryptography;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Storage.Encryption;

/// <summary>What encrypting content produced: its reference (keyed address and length) and its plain SHA-256.</summary>
internal readonly record struct EncryptedContent(BlobRef Ref, string PlainSha256);

/// <summary>
/// Encrypts a plaintext stream into the <see cref="BlobFormat"/> one chunk at a time, hashing the
/// plaintext on the way (keyed address and plain SHA-256), so that neither the whole content nor any
/// of its plaintext ever reaches memory at once or the disk at all.
/// </summary>
internal static class BlobEncryptor
{
    private const int ReadBufferSize = 80 * 1024; // below the large object heap threshold

    /// <summary>Throws <see cref="BlobTooLargeException"/> as soon as more than <paramref name="maxBytes"/> arrive.</summary>
    public static async Task<EncryptedContent> EncryptAsync(
        Stream plaintext, Stream file, BlobKeyRing keys, long maxBytes, CancellationToken cancellationToken,
        int chunkSize = BlobFormat.DefaultChunkSize)
    {
        var salt = RandomNumberGenerator.GetBytes(BlobFormat.SaltSize);
        var header = BlobFormat.WriteHeader(keys.CurrentKeyId, salt, chunkSize);
        await file.WriteAsync(header, cancellationToken);

        using var aes = new AesGcm(BlobFormat.FileKey(keys.CurrentKey, salt), BlobFormat.TagSize);
        using var address = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, keys.AddressKey);
        using var plainHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var readBuffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        var chunk = ArrayPool<byte>.Shared.Rent(chunkSize);
        var sealedChunk = ArrayPool<byte>.Shared.Rent(chunkSize + BlobFormat.TagSize);
        var nonce = BlobFormat.NonceBuffer();
        var associatedData = BlobFormat.AssociatedDataBuffer(header);
        try
        {
            long length = 0;
            long index = 0;
            var filled = 0;
            int read;
            while ((read = await plaintext.ReadAsync(readBuffer.AsMemory(0, ReadBufferSize), cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                    throw new BlobTooLargeException(maxBytes);
                address.AppendData(readBuffer, 0, read);
                plainHash.AppendData(readBuffer, 0, read);
                var offset = 0;
                while (offset < read)
                {
                    // A full chunk is sealed only once more content shows up: until then it may be the final one.
                    if (filled == chunkSize)
                    {
                        await SealAsync(aes, header, index++, final: false, [], chunk, filled, sealedChunk, nonce, associatedData, file, cancellationToken);
                        filled = 0;
                    }
                    var count = Math.Min(chunkSize - filled, read - offset);
                    readBuffer.AsSpan(offset, count).CopyTo(chunk.AsSpan(filled));
                    filled += count;
                    offset += count;
                }
            }
            var addressBytes = address.GetHashAndReset();
            await SealAsync(aes, header, index, final: true, addressBytes, chunk, filled, sealedChunk, nonce, associatedData, file, cancellationToken);
            return new EncryptedContent(new BlobRef(Convert.ToHexStringLower(addressBytes), length),
                Convert.ToHexStringLower(plainHash.GetHashAndReset()));
        }
        finally
        {
            // The pooled buffers held plaintext; clear them before another renter sees them.
            ArrayPool<byte>.Shared.Return(readBuffer, clearArray: true);
            ArrayPool<byte>.Shared.Return(chunk, clearArray: true);
            ArrayPool<byte>.Shared.Return(sealedChunk);
        }
    }

    private static ValueTask SealAsync(AesGcm aes, byte[] header, long index, bool final, byte[] address,
        byte[] chunk, int length, byte[] sealedChunk, byte[] nonce, byte[] associatedData, Stream file, CancellationToken cancellationToken)
    {
        BlobFormat.Nonce(index, nonce);
        aes.Encrypt(nonce, chunk.AsSpan(0, length), sealedChunk.AsSpan(0, length),
            sealedChunk.AsSpan(length, BlobFormat.TagSize), BlobFormat.AssociatedData(associatedData, header, index, final, address));
        return file.WriteAsync(sealedChunk.AsMemory(0, length + BlobFormat.TagSize), cancellationToken);
    }
}
