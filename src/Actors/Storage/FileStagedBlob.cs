using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Storage;

/// <summary>
/// A fully written and flushed staging file of a <see cref="BlobStagingArea"/>, committed by the store
/// that staged it. Owned by one caller at a time (not thread-safe), like any other disposable.
/// </summary>
internal sealed class FileStagedBlob(IStagingBlobStore store, BlobStagingArea staging, string stagingPath, BlobRef blob, string plainSha256)
    : StagedBlob
{
    private bool _committed;
    private bool _disposed;

    public override BlobRef Ref => blob;

    public override string PlainSha256 => plainSha256;

    public override Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // After commit the staging file is gone; the same content is now in the store.
        return _committed ? store.OpenRead(blob) : staging.OpenDecrypting(stagingPath, blob.Sha256);
    }

    public override async Task<BlobRef> CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_committed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await store.PromoteAsync(stagingPath, blob, cancellationToken);
            _committed = true;
            // Moved away by a file store, or copied (or found already stored) by another store.
            OwnerOnlyFiles.TryDelete(stagingPath);
        }
        return blob;
    }

    public override ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (!_committed)
                OwnerOnlyFiles.TryDelete(stagingPath);
        }
        return ValueTask.CompletedTask;
    }
}
