using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Authorisation;

/// <summary>The outcome of checking whether a sender may submit a berichtsoort.</summary>
public sealed record AuthorisationDecision(bool Allowed, string? Reason)
{
    public static readonly AuthorisationDecision Allow = new(true, null);

    public static AuthorisationDecision Deny(string reason) => new(false, reason);
}

/// <summary>
/// Which sender identity may submit which berichtsoort. "*" stands for every berichtsoort.
/// Mandates (intermediaries submitting on behalf of others) come with the mutual-TLS work.
/// </summary>
public sealed class AuthorisationTable(IReadOnlyDictionary<string, IReadOnlyCollection<string>> berichtsoortenBySender)
{
    public const string AnyBerichtsoort = "*";

    public AuthorisationDecision Decide(SenderIdentity sender, string berichtsoort)
    {
        if (!berichtsoortenBySender.TryGetValue(sender.Value, out var allowed))
            return AuthorisationDecision.Deny($"Sender '{sender.Value}' is not registered for any berichtsoort.");

        return allowed.Contains(AnyBerichtsoort) || allowed.Contains(berichtsoort)
            ? AuthorisationDecision.Allow
            : AuthorisationDecision.Deny($"Sender '{sender.Value}' is not authorised for berichtsoort '{berichtsoort}'.");
    }
}
