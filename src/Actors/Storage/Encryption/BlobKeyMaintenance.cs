using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Storage.Encryption;

/// <summary>
/// Key-rotation chores on a <see cref="FileBlobStore"/>: which keys committed blobs use, and rewriting
/// blobs under the current key so that older keys can be retired.
/// </summary>
public static class BlobKeyMaintenance
{
    /// <summary>The ids of the keys committed blobs are encrypted with, with how many blobs use each.</summary>
    public static IReadOnlyDictionary<string, int> KeyIdsInUse(FileBlobStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var inUse = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var path in ContentFiles(store))
        {
            using var file = OwnerOnlyFiles.OpenRead(path);
            var keyId = BlobFormat.ReadHeader(file).KeyId;
            inUse[keyId] = inUse.GetValueOrDefault(keyId) + 1;
        }
        return inUse;
    }

    /// <summary>
    /// Rewrites every committed blob that is not under the current key, one at a time: decrypted,
    /// encrypted again into staging, flushed, then renamed over the old file, so a reader sees either
    /// the old file or the new one, never a mix. Safe beside a running node on Unix (an open file keeps
    /// its old bytes); stop the node first on Windows, where the rename fails while a reader has it open.
    /// </summary>
    /// <returns>The number of blobs rewritten.</returns>
    public static async Task<int> ReencryptAsync(FileBlobStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rewritten = 0;
        foreach (var path in ContentFiles(store))
        {
            string keyId;
            using (var header = OwnerOnlyFiles.OpenRead(path))
                keyId = BlobFormat.ReadHeader(header).KeyId;
            if (keyId == store.Keys.CurrentKeyId)
                continue;
            await RewriteAsync(store, path, cancellationToken);
            rewritten++;
        }
        return rewritten;
    }

    private static async Task RewriteAsync(FileBlobStore store, string path, CancellationToken cancellationToken)
    {
        var address = Path.GetFileName(path);
        var staging = store.NewStagingPath();
        try
        {
            await using (var plaintext = store.OpenDecrypting(path, new BlobRef(address, 0)))
            await using (var file = new FileStream(staging, OwnerOnlyFiles.CreateNew()))
            {
                var encrypted = await BlobEncryptor.EncryptAsync(plaintext, file, store.Keys, long.MaxValue, cancellationToken);
                // The same address key gives the same address; anything else means the ring is not the one
                // this store was written with, and replacing the file would orphan it.
                if (encrypted.Ref.Sha256 != address)
                    throw new InvalidOperationException($"Blob {address} re-encrypts to another address: the key ring's address key differs from the store's.");
                file.Flush(flushToDisk: true);
            }
            File.Move(staging, path, overwrite: true);
        }
        catch
        {
            OwnerOnlyFiles.TryDelete(staging);
            throw;
        }
    }

    private static IEnumerable<string> ContentFiles(FileBlobStore store) =>
        Directory.EnumerateFiles(store.ContentDirectory, "*", SearchOption.AllDirectories)
            .Where(path => BlobRef.IsValidHash(Path.GetFileName(path)));
}
