using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Authorisation;

/// <summary>
/// An intermediary's authority to submit on behalf of one belanghebbende, for some berichtsoorten,
/// between two dates (inclusive, UTC calendar days; open-ended when absent).
/// </summary>
public sealed record Mandate(
    string BelanghebbendeNummer,
    string? BelanghebbendeType,
    IReadOnlySet<string> Berichtsoorten,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil)
{
    public bool IsFor(Identiteit belanghebbende) =>
        BelanghebbendeNummer == belanghebbende.Nummer
        && (BelanghebbendeType is null || string.Equals(BelanghebbendeType, belanghebbende.Type, StringComparison.OrdinalIgnoreCase));

    public bool Covers(string berichtsoort) =>
        Berichtsoorten.Contains(AuthorisationMatrix.AnyBerichtsoort) || Berichtsoorten.Contains(berichtsoort);

    public bool IsValidOn(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return (ValidFrom is null || today >= ValidFrom) && (ValidUntil is null || today <= ValidUntil);
    }
}

/// <summary>What one sender identity is entitled to.</summary>
public sealed record SenderEntitlement(SenderRole Role, IReadOnlySet<string> Berichtsoorten, IReadOnlyList<Mandate> Mandates)
{
    public bool Covers(string berichtsoort) =>
        Berichtsoorten.Contains(AuthorisationMatrix.AnyBerichtsoort) || Berichtsoorten.Contains(berichtsoort);
}

/// <summary>The role a sender plays towards the belanghebbenden of its messages.</summary>
public enum SenderRole
{
    /// <summary>Submits its own messages.</summary>
    Aanleveraar = 0,
    /// <summary>Submits on behalf of others, under mandates.</summary>
    Intermediair,
}
