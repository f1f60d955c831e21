namespace Digipoort.Api.Security;

/// <summary>Section <c>Digipoort:ClientCertificates</c> (to be bound by the lead when wiring Kestrel).</summary>
public sealed class ClientCertificateValidatorSettings
{
    /// <summary>
    /// Folder of trusted CA certificates (*.pem, *.crt, *.cer): self-signed ones are the trust
    /// anchors, the others intermediates used to complete chains clients send incompletely.
    /// </summary>
    public string TrustFolder { get; set; } = "";

    /// <summary>
    /// CRLs (DER) as file paths or http URLs on localhost/127.0.0.1/[::1] only: a CRL fetched from
    /// elsewhere during a handshake would let remote hosts stall or observe logins. Each CRL is matched
    /// to certificates by its issuer name and verified with that issuer's key.
    /// </summary>
    public List<string> CrlSources { get; set; } = [];

    /// <summary>How long a fetched CRL is used before it is fetched again; files are also re-read when they change.</summary>
    public TimeSpan CrlCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout for fetching a CRL URL; the TLS handshake waits for it.</summary>
    public TimeSpan CrlFetchTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public StaleCrlPolicy StaleCrl { get; set; } = StaleCrlPolicy.Refuse;
}
