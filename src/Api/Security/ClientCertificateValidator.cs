using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Digipoort.Api.Security;

/// <summary>
/// Decides whether a client certificate identifies a sender: chain to the configured trust anchors,
/// validity period, usage, revocation against the issuer's CRL, then the OIN. Each check runs only
/// when the previous ones passed, so the reason names the first problem. Thread-safe; build one per
/// node and call it from the TLS handshake or the authentication handler.
/// </summary>
public sealed partial class ClientCertificateValidator : IDisposable
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly ClientCertificateValidatorSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly TrustAnchors _trust;
    private readonly IReadOnlyList<CrlSource> _crls;
    private readonly HttpClient _http;

    /// <param name="crlHandler">For tests; defaults to a <see cref="SocketsHttpHandler"/>.</param>
    /// <exception cref="ArgumentException">A CRL source is neither a file nor a loopback http URL.</exception>
    /// <exception cref="DirectoryNotFoundException">The trust folder does not exist.</exception>
    public ClientCertificateValidator(ClientCertificateValidatorSettings settings, TimeProvider? clock = null,
        ILogger<ClientCertificateValidator>? logger = null, HttpMessageHandler? crlHandler = null)
    {
        _settings = settings;
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ClientCertificateValidator>.Instance;
        _trust = TrustAnchors.Load(settings.TrustFolder);
        _crls = [.. settings.CrlSources.Select(CrlSource.Create)];
        _http = new HttpClient(crlHandler ?? new SocketsHttpHandler { UseProxy = false }, disposeHandler: crlHandler is null)
        {
            Timeout = settings.CrlFetchTimeout,
        };
    }

    /// <param name="leaf">The client's certificate; null when none was presented.</param>
    /// <param name="presentedChain">Certificates the client sent along; may be incomplete or absent.</param>
    public CertificateValidationResult Validate(X509Certificate2? leaf, X509Certificate2Collection? presentedChain)
    {
        var result = leaf is null
            ? CertificateValidationResult.Refused(CertificateRefusal.Missing, "No client certificate was presented.")
            : ValidatePresented(leaf, presentedChain);
        if (!result.Succeeded) LogRefused(_logger, leaf?.Subject ?? "(none)", result.Reason);
        else if (result.Warning is not null) LogAcceptedWithWarning(_logger, leaf!.Subject, result.Warning);
        return result;
    }

    public void Dispose() => _http.Dispose();

    private CertificateValidationResult ValidatePresented(X509Certificate2 leaf, X509Certificate2Collection? presentedChain)
    {
        var now = _clock.GetUtcNow();
        using var chain = BuildChain(leaf, presentedChain, now);
        var path = chain.ChainElements.Select(e => e.Certificate).ToList();

        var untrusted = ChainChecks.TrustProblem(chain, path, _trust);
        if (untrusted is not null) return CertificateValidationResult.Refused(CertificateRefusal.Untrusted, untrusted);

        var (timeRefusal, timeProblem) = ChainChecks.ValidityProblem(path, now);
        if (timeRefusal is { } refusal) return CertificateValidationResult.Refused(refusal, timeProblem);

        var usage = ChainChecks.UsageProblem(leaf, ClientAuthOid);
        if (usage is not null) return CertificateValidationResult.Refused(CertificateRefusal.WrongUsage, usage);

        string? warning = null;
        var revocation = CheckRevocation(leaf, issuer: path[1], now);
        if (revocation.Revoked)
            return CertificateValidationResult.Refused(CertificateRefusal.Revoked, $"The certificate (serial {leaf.SerialNumber}) is revoked.");
        if (revocation.Problem is not null)
        {
            if (_settings.StaleCrl == StaleCrlPolicy.Refuse)
                return CertificateValidationResult.Refused(CertificateRefusal.RevocationUnknown, revocation.Problem);
            warning = revocation.Problem + " Accepted under the Allow policy.";
        }

        if (!Oin.TryRead(leaf.SubjectName, out var oin, out var oinProblem))
            return CertificateValidationResult.Refused(CertificateRefusal.InvalidOin, oinProblem);

        var organisation = DistinguishedNames.First(leaf.SubjectName, DistinguishedNames.OrganisationOid)
            ?? DistinguishedNames.First(leaf.SubjectName, DistinguishedNames.CommonNameOid) ?? "";
        var role = DistinguishedNames.First(leaf.SubjectName, DistinguishedNames.OrganisationalUnitOid);
        return CertificateValidationResult.Accepted(new CertificateIdentity(oin, organisation, role), warning);
    }

    private X509Chain BuildChain(X509Certificate2 leaf, X509Certificate2Collection? presentedChain, DateTimeOffset now)
    {
        var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_trust.Roots);
        policy.ExtraStore.AddRange(_trust.Intermediates);
        if (presentedChain is not null) policy.ExtraStore.AddRange(presentedChain);
        // Revocation is ours (CheckRevocation): the platform's would fetch URLs named by the certificate.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        chain.Build(leaf);
        return chain;
    }

    /// <summary>The leaf's serial against its issuer's CRL; only a verified, current CRL answers "not revoked".</summary>
    private (bool Revoked, string? Problem) CheckRevocation(X509Certificate2 leaf, X509Certificate2 issuer, DateTimeOffset now)
    {
        var issued = _crls
            .Select(source => source.Get(now, _settings.CrlCacheDuration, _http))
            .OfType<RevocationList>()
            .Where(crl => crl.IsIssuedBy(issuer))
            .ToList();
        if (issued.Count == 0) return (false, $"No CRL is available for issuer '{issuer.Subject}'.");
        var verified = issued.Where(crl => crl.IsSignedBy(issuer)).MaxBy(crl => crl.ThisUpdate);
        if (verified is null) return (false, $"The CRL for issuer '{issuer.Subject}' has a signature that does not verify; it is treated as unavailable.");
        // A revocation stays a revocation even in a stale CRL.
        if (verified.Contains(leaf)) return (true, null);
        if (verified.NextUpdate is not { } next || next < now)
            return (false, $"The CRL for issuer '{issuer.Subject}' is stale (nextUpdate {verified.NextUpdate:O}).");
        return (false, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused client certificate {Subject}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string subject, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accepted client certificate {Subject} without current revocation information: {Warning}")]
    private static partial void LogAcceptedWithWarning(ILogger logger, string subject, string warning);
}
