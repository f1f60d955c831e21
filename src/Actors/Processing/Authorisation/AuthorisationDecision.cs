namespace Digipoort.Actors.Processing.Authorisation;

/// <summary>The outcome of checking whether a sender may submit a message.</summary>
public sealed record AuthorisationDecision(bool Allowed, string? Reason)
{
    public static readonly AuthorisationDecision Allow = new(true, null);

    public static AuthorisationDecision Deny(string reason) => new(false, reason);
}
