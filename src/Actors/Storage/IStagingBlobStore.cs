using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Storage;

/// <summary>A blob store that stages content in a <see cref="BlobStagingArea"/> and commits it from there.</summary>
internal interface IStagingBlobStore : IBlobStore
{
    /// <summary>
    /// Makes the staging file at <paramref name="stagingPath"/>, which holds <paramref name="blob"/>, addressable and
    /// durable (the staging area does not flush it); when the same content is already stored, only waits until that is
    /// durable. The store may move the file away; whatever is left of it afterwards is deleted by the caller.
    /// </summary>
    Task PromoteAsync(string stagingPath, BlobRef blob, CancellationToken cancellationToken);
}
