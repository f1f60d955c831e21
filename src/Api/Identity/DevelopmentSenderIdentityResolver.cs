using Digipoort.Actors.Domain;

namespace Digipoort.Api.Identity;

/// <summary>
/// Development-only identity: the <c>X-Digipoort-Sender</c> header when allowed, else the configured
/// default sender. Anyone can claim any identity this way, which is why it is replaced by mutual TLS
/// before the gateway faces real senders.
/// </summary>
public sealed class DevelopmentSenderIdentityResolver(DevelopmentIdentitySettings settings) : ISenderIdentityResolver
{
    public const string SenderHeader = "X-Digipoort-Sender";

    public SenderIdentity? Resolve(HttpContext context)
    {
        if (settings.AllowSenderHeader && context.Request.Headers.TryGetValue(SenderHeader, out var claimed))
            return SenderIdentity.TryCreate(claimed.ToString(), out var fromHeader) ? fromHeader : null;
        return SenderIdentity.TryCreate(settings.SenderIdentity, out var configured) ? configured : null;
    }
}

/// <summary>Section <c>Digipoort:Development</c>.</summary>
public sealed class DevelopmentIdentitySettings
{
    /// <summary>The identity of requests that name none.</summary>
    public string? SenderIdentity { get; set; }

    /// <summary>Whether a request may name its sender in the <c>X-Digipoort-Sender</c> header.</summary>
    public bool AllowSenderHeader { get; set; }
}
