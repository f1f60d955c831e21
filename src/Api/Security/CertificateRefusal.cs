namespace Digipoort.Api.Security;

/// <summary>Why a client certificate was refused, in the order the validator checks.</summary>
public enum CertificateRefusal
{
    /// <summary>No certificate was presented (fault ALS120, 401).</summary>
    Missing,
    /// <summary>No chain to a configured trust anchor.</summary>
    Untrusted,
    NotYetValid,
    Expired,
    /// <summary>No clientAuth extended key usage, or a key usage without digitalSignature.</summary>
    WrongUsage,
    Revoked,
    /// <summary>The issuer's CRL is unavailable, unverifiable or past its nextUpdate, and the policy is Refuse.</summary>
    RevocationUnknown,
    /// <summary>The subject has no valid OIN.</summary>
    InvalidOin,
}
