using Digipoort.Actors.Domain;

namespace Digipoort.Api.Problems;

/// <summary>
/// A refusal with its Digipoort fault code, independent of the protocol that reports it: REST turns
/// it into RFC 7807 problem details, the SOAP facade into a fault.
/// </summary>
/// <param name="RetryAfter">For refusals that pass: when the client may try again (the Retry-After header).</param>
public sealed record Fault(string Code, int HttpStatus, string Title, string Detail, TimeSpan? RetryAfter = null)
{
    public static Fault InvalidRequest(string detail) =>
        new(FaultCodes.AanleverRequestInvalid, StatusCodes.Status400BadRequest, "The request does not conform to the interface specification", detail);

    public static Fault UnknownBerichtsoort(string berichtsoort) =>
        new(FaultCodes.UnknownBerichtsoort, StatusCodes.Status422UnprocessableEntity, "Unknown berichtsoort",
            $"Berichtsoort '{berichtsoort}' is not known to this gateway; see GET /api/v1/message-types.");

    public static Fault SenderUnknown() =>
        new(FaultCodes.SenderUnknown, StatusCodes.Status401Unauthorized, "The sender cannot be identified",
            "The request carries no sender identity: use the mutual-TLS endpoint with a client certificate.");

    /// <summary>No client certificate: the same "who are you?" as a missing sender identity.</summary>
    public static Fault ClientCertificateMissing() =>
        new(FaultCodes.SenderUnknown, StatusCodes.Status401Unauthorized, "The sender cannot be identified",
            "The connection presented no client certificate.");

    public static Fault CertificateRefused(string reason) =>
        new(FaultCodes.CertificateRefused, StatusCodes.Status403Forbidden, "The client certificate was refused", reason);

    public static Fault DuplicateAanleverkenmerk(string aanleverkenmerk) =>
        new(FaultCodes.DuplicateAanleverkenmerk, StatusCodes.Status409Conflict, "Aanleverkenmerk already used",
            $"Aanleverkenmerk '{aanleverkenmerk}' was already used by this sender for a different message.");

    public static Fault ContentTooLarge(long maxBytes) =>
        new(FaultCodes.ContentTooLarge, StatusCodes.Status413PayloadTooLarge, "Content too large",
            $"A document or the request exceeds the limit of {maxBytes} bytes.");

    public static Fault Overloaded(TimeSpan retryAfter) =>
        new(FaultCodes.Overloaded, StatusCodes.Status503ServiceUnavailable, "The gateway is at capacity",
            "Too many submissions are being processed; try again after the Retry-After interval.", retryAfter);

    public static Fault OperatorOnly() =>
        new(FaultCodes.CertificateRefused, StatusCodes.Status403Forbidden, "Operators only",
            "This endpoint needs a client certificate with the operator role.");

    public static Fault RateLimited(TimeSpan retryAfter) =>
        new(FaultCodes.RateLimited, StatusCodes.Status429TooManyRequests, "Too many requests",
            "This sender exceeds its request rate; try again after the Retry-After interval.", retryAfter);

    public static Fault TechnicalError(string detail) =>
        new(FaultCodes.AanleverTechnicalError, StatusCodes.Status503ServiceUnavailable, "Technical error", detail);

    /// <summary>A message (or the admission) did not answer in time: its shard is moving, or it is still recovering. Retryable.</summary>
    public static Fault NotAnsweredInTime() =>
        TechnicalError("The request could not be completed in time; it may be retried.") with { RetryAfter = TimeSpan.FromSeconds(1) };

    public static Fault InvalidStatusRequest(string detail) =>
        new(FaultCodes.StatusRequestInvalid, StatusCodes.Status400BadRequest, "The status request does not conform to the interface specification", detail);

    public static Fault UnknownKenmerk(string kenmerk) =>
        new(FaultCodes.UnknownKenmerk, StatusCodes.Status404NotFound, "Unknown kenmerk", $"No message with kenmerk '{kenmerk}' is known.");
}
