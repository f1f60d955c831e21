using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Storage;

/// <summary>
/// Content-addressed storage for payloads and attachments, addressed by a keyed content address
/// (HMAC-SHA256 of the plaintext, see <see cref="BlobRef"/>). Content is streamed in, first to
/// a staging area, so that ingress can inspect it (size, well-formedness) before it becomes visible;
/// only <see cref="StagedBlob.CommitAsync"/> makes it addressable.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into a staging file while hashing it.
    /// Throws <see cref="BlobTooLargeException"/> as soon as more than <paramref name="maxBytes"/> arrive.
    /// </summary>
    Task<StagedBlob> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Opens committed content for reading, as plaintext; throws <see cref="BlobNotFoundException"/> when absent
    /// and an <see cref="IOException"/> when it cannot be read (e.g. it fails decryption).
    /// </summary>
    Stream OpenRead(BlobRef blob);

    bool Exists(BlobRef blob);
}

/// <summary>Content in the staging area. Disposing it without committing deletes it.</summary>
public abstract class StagedBlob : IAsyncDisposable
{
    public abstract BlobRef Ref { get; }

    /// <summary>
    /// The plain SHA-256 (lowercase hex) of the staged bytes, for the sender (e.g. in a receipt). Unlike
    /// the keyed address in <see cref="Ref"/> it is never stored: anyone holding a guess of the content
    /// could confirm it against a plain hash.
    /// </summary>
    public abstract string PlainSha256 { get; }

    /// <summary>Reads the staged bytes (e.g. to check well-formedness before committing).</summary>
    public abstract Stream OpenRead();

    /// <summary>Makes the content addressable by its keyed address; idempotent when the same content already exists.</summary>
    public abstract Task<BlobRef> CommitAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

public sealed class BlobTooLargeException(long maxBytes)
    : Exception($"The content exceeds the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

public sealed class BlobNotFoundException(BlobRef blob)
    : Exception($"Blob {blob.Sha256} is not in the store.")
{
    public BlobRef Blob { get; } = blob;
}
