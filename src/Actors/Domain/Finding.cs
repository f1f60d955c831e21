namespace Digipoort.Actors.Domain;

/// <summary>
/// One "constatering" made while processing a message, e.g. a schema violation. Line and position
/// are 1-based and 0 when unknown.
/// </summary>
public sealed record Finding(string Code, string Description, int Line, int Position);
