using Digipoort.Actors.Domain;
using Digipoort.Api.Problems;

namespace Digipoort.Api.Security;

/// <summary>
/// The outcome of validating a client certificate: an identity, or a refusal with its reason.
/// <see cref="Warning"/> is set when the certificate was accepted on stale or missing revocation
/// information under <see cref="StaleCrlPolicy.Allow"/>.
/// </summary>
public sealed record CertificateValidationResult
{
    public CertificateIdentity? Identity { get; private init; }
    public CertificateRefusal? Refusal { get; private init; }
    public string Reason { get; private init; } = "";
    public string? Warning { get; private init; }

    public bool Succeeded => Identity is not null;

    /// <summary>ALS120 when no certificate was presented, AUS200 for any other refusal.</summary>
    public string? FaultCode => Refusal switch
    {
        null => null,
        CertificateRefusal.Missing => FaultCodes.SenderUnknown,
        _ => FaultCodes.CertificateRefused,
    };

    public Fault? ToFault() => Refusal switch
    {
        null => null,
        CertificateRefusal.Missing => Fault.ClientCertificateMissing(),
        _ => Fault.CertificateRefused(Reason),
    };

    public static CertificateValidationResult Accepted(CertificateIdentity identity, string? warning = null) =>
        new() { Identity = identity, Warning = warning };

    public static CertificateValidationResult Refused(CertificateRefusal refusal, string reason) =>
        new() { Refusal = refusal, Reason = reason };
}
