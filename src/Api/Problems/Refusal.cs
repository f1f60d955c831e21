namespace Digipoort.Api.Problems;

/// <summary>Every way the gateway refuses or fails a request, whatever the protocol (see <see cref="AnswerTable"/>).</summary>
public enum Refusal
{
    /// <summary>The request breaks the interface specification.</summary>
    InvalidRequest,
    /// <summary>The request is in a format the endpoint does not read.</summary>
    UnsupportedMediaType,
    UnknownBerichtsoort,
    /// <summary>No sender identity (no client certificate, or a request that names nobody).</summary>
    SenderUnknown,
    /// <summary>The client certificate was refused (untrusted, expired, revoked, wrong usage, no valid OIN).</summary>
    CertificateRefused,
    /// <summary>A valid certificate without the operator role on an operator endpoint.</summary>
    OperatorOnly,
    /// <summary>The aanleverkenmerk was already used by this sender for different content.</summary>
    AanleverkenmerkConflict,
    ContentTooLarge,
    /// <summary>The gateway cannot take the request now (at capacity, journal unavailable, submission not confirmed): retry later.</summary>
    Overloaded,
    /// <summary>The sender exceeds its request rate: retry later.</summary>
    RateLimited,
    /// <summary>No message with this kenmerk that the requester may see.</summary>
    UnknownKenmerk,
    /// <summary>A message (or the admission) did not answer in time: its shard is moving, or it is still recovering. Retryable.</summary>
    NotAnsweredInTime,
    /// <summary>A bug: logged, answered without any of its text.</summary>
    Unexpected,
}

/// <summary>The service a request is for: it picks the family of the fault codes that depend on it (ALS, STS, OPS).</summary>
public enum GatewayService
{
    /// <summary>Submissions: REST POST, bulk, the WUS AanleverService.</summary>
    Aanlever,
    /// <summary>Statuses and overviews: REST GET, operator queries, the WUS StatusinformatieService.</summary>
    Statusinformatie,
    /// <summary>The WUS OphaalService.</summary>
    Ophaal,
}
