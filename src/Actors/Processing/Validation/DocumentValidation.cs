using Digipoort.Actors.Domain;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Storage;

namespace Digipoort.Actors.Processing.Validation;

/// <summary>The outcome of trying to validate a message's document.</summary>
public abstract record DocumentValidationResult
{
    private DocumentValidationResult() { }

    /// <summary>Validation ran: the document is valid or not, with its findings (warnings when valid).</summary>
    public sealed record Completed(bool IsValid, IReadOnlyList<Finding> Findings) : DocumentValidationResult;

    /// <summary>Validation could not run (content unreadable, berichtsoort gone from the catalogue): retry later.</summary>
    public sealed record CouldNotRun(string Detail) : DocumentValidationResult;
}

/// <summary>
/// Validates message documents against their berichtsoort's schema set, streaming from the blob
/// store, with at most <c>maxConcurrency</c> validations at a time on this node (validation is
/// CPU-bound; more would only queue on the thread pool and hold more files open).
/// </summary>
public sealed class DocumentValidation(CatalogueProvider catalogue, IBlobStore blobs, int maxConcurrency)
{
    private readonly SemaphoreSlim _gate = new(maxConcurrency);

    public async Task<DocumentValidationResult> ValidateAsync(MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        if (!catalogue.Current.TryGet(envelope.Berichtsoort, out var messageType))
            return new DocumentValidationResult.CouldNotRun($"Berichtsoort '{envelope.Berichtsoort}' is not in the catalogue.");

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var document = blobs.OpenRead(envelope.BerichtInhoud.Content);
            var report = SchemaValidator.Validate(messageType, document, ct: cancellationToken);
            return new DocumentValidationResult.Completed(report.IsValid, report.Findings);
        }
        catch (BlobNotFoundException)
        {
            return new DocumentValidationResult.CouldNotRun("The document is not available in the blob store.");
        }
        catch (IOException ex)
        {
            return new DocumentValidationResult.CouldNotRun($"The document could not be read: {ex.GetType().Name}.");
        }
        finally
        {
            _gate.Release();
        }
    }
}
