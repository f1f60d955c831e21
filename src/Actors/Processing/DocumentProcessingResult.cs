using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing;

/// <summary>
/// The outcome of processing a message's document: validation (schema and business rules), then routing
/// and transformation per recipient, or splitting for a batch.
/// </summary>
public abstract record DocumentProcessingResult
{
    private DocumentProcessingResult() { }

    /// <summary>The document breaks its specification.</summary>
    public sealed record Rejected(IReadOnlyList<Finding> Findings) : DocumentProcessingResult;

    /// <summary>
    /// Valid, and going to <see cref="Recipients"/> (in routing order) as <see cref="Plans"/> say; for the
    /// recipients in <see cref="TransformationFailures"/> the document could not be put in their format.
    /// </summary>
    public sealed record Routed(
        IReadOnlyList<Finding> Warnings,
        IReadOnlyList<string> Recipients,
        IReadOnlyList<DeliveryPlan> Plans,
        IReadOnlyDictionary<string, string> TransformationFailures) : DocumentProcessingResult;

    /// <summary>Valid, but no configured recipient matches it.</summary>
    public sealed record Unroutable(IReadOnlyList<Finding> Warnings, string Detail) : DocumentProcessingResult;

    /// <summary>A valid batch, cut into <see cref="Items"/> documents listed in <see cref="Index"/>.</summary>
    public sealed record Split(IReadOnlyList<Finding> Warnings, int Items, string ItemBerichtsoort, BlobRef Index, bool Ordered)
        : DocumentProcessingResult;

    /// <summary>Processing could not run (content unreadable, berichtsoort gone from the catalogue): retry later.</summary>
    public sealed record CouldNotRun(string Detail) : DocumentProcessingResult;
}
