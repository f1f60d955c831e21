using Digipoort.Actors.Domain;
using Digipoort.Api.Security;

namespace Digipoort.Api.Identity;

/// <summary>
/// Who sent a request: the OIN of its validated client certificate. Only when development settings
/// allow it (never in a real deployment) may a request without a certificate name its sender in the
/// <c>X-Digipoort-Sender</c> header or fall back to a configured identity — a convenience for local
/// experiments and for tests of business rules, where anyone can claim any identity.
/// </summary>
public sealed class SenderIdentityResolver(DevelopmentIdentitySettings development) : ISenderIdentityResolver
{
    public const string SenderHeader = "X-Digipoort-Sender";

    public SenderIdentity? Resolve(HttpContext context)
    {
        if (ClientCertificateAuthentication.IdentityOf(context) is { } certified)
            return SenderIdentity.TryCreate(certified.Oin.Value, out var fromCertificate) ? fromCertificate : null;
        if (context.Connection.ClientCertificate is not null)
            return null; // refused by the certificate check; never fall back to a claimed identity

        if (development.AllowSenderHeader && context.Request.Headers.TryGetValue(SenderHeader, out var claimed))
            return SenderIdentity.TryCreate(claimed.ToString(), out var fromHeader) ? fromHeader : null;
        return SenderIdentity.TryCreate(development.SenderIdentity, out var configured) ? configured : null;
    }
}

/// <summary>Section <c>Digipoort:Development</c>: identities without a certificate, for development only.</summary>
public sealed class DevelopmentIdentitySettings
{
    /// <summary>The identity of requests without a certificate that name none.</summary>
    public string? SenderIdentity { get; set; }

    /// <summary>Whether a request without a certificate may name its sender in the <c>X-Digipoort-Sender</c> header.</summary>
    public bool AllowSenderHeader { get; set; }
}
