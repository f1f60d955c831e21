namespace Digipoort.Api.Problems;

/// <summary>
/// A refusal, independent of the protocol that reports it: what happened, for which service, the detail for the client
/// and when it may retry. Its code, HTTP status and title come from <see cref="AnswerTable"/>.
/// </summary>
/// <param name="RetryAfter">When the client may try again (the Retry-After header); by default the table's wait, if any.</param>
public sealed record Fault(Refusal Refusal, GatewayService Service, string Detail, TimeSpan? RetryAfter = null)
{
    private AnswerTable.Row Row => AnswerTable.For(Refusal);

    public string Code => Row.Codes[Service];
    public int HttpStatus => Row.HttpStatus;
    public string Title => Row.Title;

    /// <summary>The wait announced to the client, when the refusal is retryable.</summary>
    public TimeSpan? RetryAfterOrDefault => RetryAfter ?? Row.RetryAfter;

    public static Fault InvalidRequest(string detail, GatewayService service = GatewayService.Aanlever) => new(Refusal.InvalidRequest, service, detail);

    public static Fault InvalidStatusRequest(string detail) => InvalidRequest(detail, GatewayService.Statusinformatie);

    public static Fault UnsupportedMediaType(string detail) => new(Refusal.UnsupportedMediaType, GatewayService.Aanlever, detail);

    public static Fault UnknownBerichtsoort(string berichtsoort) => new(Refusal.UnknownBerichtsoort, GatewayService.Aanlever,
        $"Berichtsoort '{berichtsoort}' is not known to this gateway; see GET /api/v1/message-types.");

    public static Fault SenderUnknown() => new(Refusal.SenderUnknown, GatewayService.Aanlever,
        "The request carries no sender identity: use the mutual-TLS endpoint with a client certificate.");

    /// <summary>No client certificate: the same "who are you?" as a missing sender identity.</summary>
    public static Fault ClientCertificateMissing() =>
        new(Refusal.SenderUnknown, GatewayService.Aanlever, "The connection presented no client certificate.");

    public static Fault CertificateRefused(string reason) => new(Refusal.CertificateRefused, GatewayService.Aanlever, reason);

    public static Fault DuplicateAanleverkenmerk(string aanleverkenmerk) => new(Refusal.AanleverkenmerkConflict, GatewayService.Aanlever,
        $"Aanleverkenmerk '{aanleverkenmerk}' was already used by this sender for a different message.");

    public static Fault ContentTooLarge(long maxBytes) =>
        new(Refusal.ContentTooLarge, GatewayService.Aanlever, $"A document or the request exceeds the limit of {maxBytes} bytes.");

    public static Fault Overloaded(TimeSpan retryAfter) => new(Refusal.Overloaded, GatewayService.Aanlever,
        "Too many submissions are being processed; try again after the Retry-After interval.", retryAfter);

    public static Fault OperatorOnly() =>
        new(Refusal.OperatorOnly, GatewayService.Statusinformatie, "This endpoint needs a client certificate with the operator role.");

    public static Fault RateLimited(TimeSpan retryAfter) => new(Refusal.RateLimited, GatewayService.Aanlever,
        "This sender exceeds its request rate; try again after the Retry-After interval.", retryAfter);

    public static Fault UnknownKenmerk(string kenmerk) =>
        new(Refusal.UnknownKenmerk, GatewayService.Statusinformatie, $"No message with kenmerk '{kenmerk}' is known.");

    public static Fault NotAnsweredInTime(GatewayService service) =>
        new(Refusal.NotAnsweredInTime, service, "The request could not be completed in time; it may be retried.");

    public static Fault Unexpected(GatewayService service) => new(Refusal.Unexpected, service, "An unexpected error occurred.");

    /// <summary>The same refusal for another service (a WUS endpoint reports it in its own family of codes).</summary>
    public Fault For(GatewayService service) => this with { Service = service };
}
