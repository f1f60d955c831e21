namespace Digipoort.Api.Security;

/// <summary>
/// What to do when the issuer's CRL cannot tell whether a certificate is revoked: past its
/// nextUpdate, not available, or with a signature that does not verify.
/// </summary>
public enum StaleCrlPolicy
{
    /// <summary>Refuse the certificate (default): an attacker who blocks the CRL must not gain access.</summary>
    Refuse,
    /// <summary>Accept, with a warning on the result and in the log; for outages where availability wins.</summary>
    Allow,
}
