using Digipoort.Actors.Storage;

namespace Digipoort.Api.Ingress;

/// <summary>
/// The staged documents of one submission (<see cref="SubmissionIntake.BeginStaging"/>): the protocol readers stage
/// through it and the intake commits from it; disposing it discards whatever was not committed, so a refused or failed
/// submission leaves nothing behind. The one owner of a submission's staging, created and disposed by its endpoint.
/// </summary>
public sealed class SubmissionStaging(SubmissionIntake intake) : IAsyncDisposable
{
    private readonly List<StagedBlob> _staged = [];

    /// <summary>The largest document, as <see cref="StageAsync"/> enforces it.</summary>
    public long MaxContentBytes => intake.MaxContentBytes;

    /// <summary>Streams one document into staging; throws <see cref="BlobTooLargeException"/> past the limit.</summary>
    public async Task<StagedBlob> StageAsync(Stream content, CancellationToken cancellationToken)
    {
        var blob = await intake.StageAsync(content, cancellationToken);
        _staged.Add(blob);
        return blob;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var blob in _staged) await blob.DisposeAsync();
        _staged.Clear();
    }
}
