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
public sealed class FileBlobStore : IStagingBlobStore, IDisposable
{
    private readonly BlobStagingArea _staging;
    private readonly string _contentDirectory;
    private readonly FileSystemSync _sync;

    /// <param name="rootDirectory">Holds <c>staging</c> and <c>sha256</c>.</param>
    /// <param name="keys">New content is encrypted with its current key; any of its keys decrypts.</param>
    public FileBlobStore(string rootDirectory, BlobKeyRing keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        ArgumentNullException.ThrowIfNull(keys);
        var root = Path.GetFullPath(rootDirectory);
        _contentDirectory = Path.Combine(root, "sha256");
        OwnerOnlyFiles.CreateDirectory(root);
        _staging = new BlobStagingArea(Path.Combine(root, "staging"), keys);
        _sync = new FileSystemSync(root);
        OwnerOnlyFiles.CreateDirectory(_contentDirectory);
    }

    public Task<StagedBlob> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
        _staging.StageAsync(this, content, maxBytes, cancellationToken);

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
    public int DeleteAbandonedStagingFiles(TimeSpan olderThan) => _staging.DeleteAbandonedFiles(olderThan);

    /// <summary>The keys this store encrypts and decrypts with.</summary>
    public BlobKeyRing Keys => _staging.Keys;

    internal string ContentDirectory => _contentDirectory;

    internal string NewStagingPath() => _staging.NewPath();

    /// <summary>The plaintext of the encrypted file at <paramref name="path"/>, which must hold <paramref name="blob"/>.</summary>
    internal Stream OpenDecrypting(string path, BlobRef blob) => _staging.OpenDecrypting(path, blob.Sha256);

    /// <summary>
    /// Moves a staging file to its content address and returns once the file and its name are durable: events will
    /// point at it. The flush is shared with every commit under way (<see cref="FileSystemSync"/>).
    /// </summary>
    Task IStagingBlobStore.PromoteAsync(string stagingPath, BlobRef blob, CancellationToken cancellationToken)
    {
        var path = ContentPath(blob);
        if (File.Exists(path))
        {
            // Content-addressed: the very same bytes are already stored (a re-submission, a common attachment).
            // Checking first spares the exception a failed move would cost. Synced all the same: the commit that put
            // them there may still be waiting for its flush.
            return _sync.SyncAsync(path);
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
            // A concurrent commit of the same content got there first; the staging file is left to the caller.
        }
        return _sync.SyncAsync(path);
    }

    public void Dispose() => _sync.Dispose();

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
