using Digipoort.Actors.Domain;
using Digipoort.Actors.Storage.Encryption;

namespace Digipoort.Actors.Storage;

/// <summary>
/// <see cref="IBlobStore"/> on a local (or mounted) file system. Content is written to
/// <c>staging/&lt;random&gt;.tmp</c>, flushed to disk, and committed by an atomic move to
/// <c>sha256/&lt;2 hex&gt;/&lt;2 hex&gt;/&lt;hash&gt;</c>, so a reader never sees a partly written blob.
/// Both folders must be on the same volume for that move to be atomic; they are, under one root.
/// Content is encrypted at rest (<see cref="BlobFormat"/>) from the first byte written to staging, and
/// the address is keyed (HMAC-SHA256 with the ring's address key), so neither files nor paths reveal
/// the plaintext or let anyone confirm a guess of it.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private const string StagingExtension = ".tmp";

    private readonly string _stagingDirectory;
    private readonly string _contentDirectory;

    /// <param name="rootDirectory">Holds <c>staging</c> and <c>sha256</c>.</param>
    /// <param name="keys">New content is encrypted with its current key; any of its keys decrypts.</param>
    public FileBlobStore(string rootDirectory, BlobKeyRing keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys;
        var root = Path.GetFullPath(rootDirectory);
        _stagingDirectory = Path.Combine(root, "staging");
        _contentDirectory = Path.Combine(root, "sha256");
        OwnerOnlyFiles.CreateDirectory(root);
        OwnerOnlyFiles.CreateDirectory(_stagingDirectory);
        OwnerOnlyFiles.CreateDirectory(_contentDirectory);
    }

    public async Task<StagedBlob> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);

        var path = NewStagingPath();
        // Created before the try: if creating fails there is nothing of ours to delete.
        var file = new FileStream(path, OwnerOnlyFiles.CreateNew());
        try
        {
            EncryptedContent encrypted;
            await using (file)
            {
                encrypted = await BlobEncryptor.EncryptAsync(content, file, Keys, maxBytes, cancellationToken);
                // Commit makes the blob durable by reference (events will point at it), so its bytes
                // must be on disk before the rename that publishes them. FlushAsync does not fsync.
                file.Flush(flushToDisk: true);
            }
            return new FileStagedBlob(this, path, encrypted.Ref, encrypted.PlainSha256);
        }
        catch
        {
            OwnerOnlyFiles.TryDelete(path);
            throw;
        }
    }

    public Stream OpenRead(BlobRef blob)
    {
        var path = ContentPath(blob);
        try
        {
            return OpenDecrypting(path, blob);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(blob);
        }
    }

    public bool Exists(BlobRef blob) => File.Exists(ContentPath(blob));

    /// <summary>
    /// Removes staging files older than <paramref name="olderThan"/>: what a crash left between staging
    /// and commit or dispose. Meant for startup, with an age well above the longest plausible upload.
    /// </summary>
    /// <returns>The number of files removed.</returns>
    public int DeleteAbandonedStagingFiles(TimeSpan olderThan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        var cutoff = DateTime.UtcNow - olderThan;
        var deleted = 0;
        foreach (var file in new DirectoryInfo(_stagingDirectory).EnumerateFiles("*" + StagingExtension))
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

    /// <summary>The keys this store encrypts and decrypts with.</summary>
    public BlobKeyRing Keys { get; }

    internal string ContentDirectory => _contentDirectory;

    internal string NewStagingPath() => Path.Combine(_stagingDirectory, Guid.NewGuid().ToString("N") + StagingExtension);

    /// <summary>The plaintext of the encrypted file at <paramref name="path"/>, which must hold <paramref name="blob"/>.</summary>
    internal Stream OpenDecrypting(string path, BlobRef blob) =>
        DecryptingBlobStream.Open(OwnerOnlyFiles.OpenRead(path), Keys, blob.Sha256);

    /// <summary>Moves a flushed staging file to its content address; called by <see cref="FileStagedBlob"/>.</summary>
    internal void Promote(string stagingPath, BlobRef blob)
    {
        var path = ContentPath(blob);
        if (File.Exists(path))
        {
            // Content-addressed: the very same bytes are already stored (a re-submission, a common
            // attachment). Checking first spares the exception a failed move would cost.
            OwnerOnlyFiles.TryDelete(stagingPath);
            return;
        }
        var folder = Path.GetDirectoryName(path)!;
        // One level at a time: a Unix mode applies only to the last folder of the path it is created with.
        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(folder)!);
        OwnerOnlyFiles.CreateDirectory(folder);
        try
        {
            File.Move(stagingPath, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // A concurrent commit of the same content got there first.
            OwnerOnlyFiles.TryDelete(stagingPath);
        }
    }

    private string ContentPath(BlobRef blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        // The hash becomes a path: anything but 64 lowercase hex digits could climb out of the store.
        if (!BlobRef.IsValidHash(blob.Sha256))
            throw new ArgumentException("The blob reference does not hold a 64-digit lowercase hex content address.", nameof(blob));
        var hash = blob.Sha256;
        return Path.Combine(_contentDirectory, hash[..2], hash[2..4], hash);
    }
}
