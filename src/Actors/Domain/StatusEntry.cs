namespace Digipoort.Actors.Domain;

/// <summary>
/// One entry of a message's status history (StatusResultaat). <see cref="Recipient"/> names the
/// recipient for delivery statuses; <see cref="Findings"/> carries the constateringen of a 311.
/// </summary>
public sealed record StatusEntry(
    string Code,
    DateTimeOffset Timestamp,
    string Description,
    string? FaultCode = null,
    string? Details = null,
    string? Recipient = null,
    IReadOnlyList<Finding>? Findings = null)
{
    public static StatusEntry Of(string code, DateTimeOffset at, string? faultCode = null, string? details = null,
        string? recipient = null, IReadOnlyList<Finding>? findings = null) =>
        new(code, at, DigipoortStatus.DescriptionOf(code), faultCode, details, recipient, findings);
}
