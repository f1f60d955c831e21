using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Validation;

/// <summary>The outcome of validating one document: valid or not, and every finding made on the way.</summary>
public sealed record ValidationReport(bool IsValid, IReadOnlyList<Finding> Findings);
