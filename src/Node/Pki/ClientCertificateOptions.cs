namespace Digipoort.Node.Pki;

/// <summary>
/// How <see cref="DevPki.IssueClient"/> deviates from a good client certificate. The defaults give a
/// valid one; each property produces one of the faults the validator must refuse.
/// </summary>
public sealed record ClientCertificateOptions
{
    /// <summary>Subject O.</summary>
    public string Organisation { get; init; } = "Demo Aanleveraar BV";

    /// <summary>Subject OU, read as the role (e.g. <see cref="DevPkiNames.OperatorRole"/>).</summary>
    public string? Role { get; init; }

    /// <summary>Defaults to one hour before the clock's now, which tolerates small clock skew.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Defaults to two years after the clock's now.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Extended key usage; <see cref="ClientCertificateUsage.ServerAuthOnly"/> gives a "wrong EKU" certificate.</summary>
    public ClientCertificateUsage Usage { get; init; } = ClientCertificateUsage.ClientAuth;

    /// <summary>
    /// Issue from a throw-away CA whose names equal the dev root's and issuing CA's, so only the keys
    /// differ: the look-alike a chain check must catch.
    /// </summary>
    public bool FromUntrustedLookalikeCa { get; init; }

    /// <summary>Also write <c>clients/&lt;name&gt;.pem</c> and <c>.key</c>.</summary>
    public bool Save { get; init; }
}

public enum ClientCertificateUsage
{
    ClientAuth,
    ServerAuthOnly,
}
