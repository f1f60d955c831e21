using Digipoort.Actors.Storage.Encryption;

namespace Digipoort.Actors.Storage;

/// <summary>
/// The local staging folder every blob store writes new content to before committing it: each upload
/// becomes <c>&lt;random&gt;.tmp</c>, encrypted (<see cref="BlobFormat"/>) from its first byte and
/// flushed to disk, so ingress can inspect it while nothing of it is addressable yet. What a store does
/// with the file on commit (move it, or copy it into a database) is the store's own business
/// (<see cref="IStagingBlobStore"/>).
/// </summary>
internal sealed class BlobStagingArea
{
    private const string StagingExtension = ".tmp";

    public BlobStagingArea(string directory, BlobKeyRing keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(keys);
        Directory = Path.GetFullPath(directory);
        Keys = keys;
        OwnerOnlyFiles.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>New content is encrypted with its current key; any of its keys decrypts.</summary>
    public BlobKeyRing Keys { get; }

    /// <summary>
    /// Streams <paramref name="content"/> into a new staging file owned by the returned blob, which
    /// <paramref name="store"/> commits. Throws <see cref="BlobTooLargeException"/> as soon as more than
    /// <paramref name="maxBytes"/> arrive; on any failure no staging file is left behind.
    /// </summary>
    public async Task<StagedBlob> StageAsync(IStagingBlobStore store, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);

        var path = NewPath();
        // Created before the try: if creating fails there is nothing of ours to delete.
        var file = new FileStream(path, OwnerOnlyFiles.CreateNew());
        try
        {
            EncryptedContent encrypted;
            await using (file)
            {
                // Not flushed to disk here: a staged blob may still be refused, and the store that commits it makes it
                // durable then (a file store with one flush shared by all commits, a database store by its transaction).
                encrypted = await BlobEncryptor.EncryptAsync(content, file, Keys, maxBytes, cancellationToken);
            }
            return new FileStagedBlob(store, this, path, encrypted.Ref, encrypted.PlainSha256);
        }
        catch
        {
            OwnerOnlyFiles.TryDelete(path);
            throw;
        }
    }

    public string NewPath() => Path.Combine(Directory, Guid.NewGuid().ToString("N") + StagingExtension);

    /// <summary>The plaintext of the encrypted file at <paramref name="path"/>, which must hold the blob at <paramref name="address"/>.</summary>
    public Stream OpenDecrypting(string path, string address) =>
        DecryptingBlobStream.Open(OwnerOnlyFiles.OpenRead(path), Keys, address);

    /// <summary>
    /// Removes staging files older than <paramref name="olderThan"/>: what a crash left between staging
    /// and commit or dispose. Meant for startup, with an age well above the longest plausible upload.
    /// </summary>
    /// <returns>The number of files removed.</returns>
    public int DeleteAbandonedFiles(TimeSpan olderThan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        var cutoff = DateTime.UtcNow - olderThan;
        var deleted = 0;
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*" + StagingExtension))
        {
            if (file.LastWriteTimeUtc >= cutoff)
                continue;
            try
            {
                file.Delete();
                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use or not ours to delete: try again at the next start rather than fail this one.
            }
        }
        return deleted;
    }
}
