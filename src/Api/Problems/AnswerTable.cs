using Digipoort.Actors.Domain;

namespace Digipoort.Api.Problems;

/// <summary>
/// The one table from an outcome to what every protocol answers: the Digipoort fault code, the HTTP status (of REST
/// problem details and of a bulk line), the problem's title and whether the client is told when to retry. REST renders
/// a <see cref="Fault"/> as problem details (<see cref="FaultResults"/>), bulk as a line result (<see cref="Rest.BulkLineResult"/>),
/// WUS as a SOAP fault with the same code (<see cref="Wus.WusFault"/>). A successful submission is 202, or 200 for a
/// repeat of one already taken, in REST and bulk alike.
/// </summary>
public static class AnswerTable
{
    /// <param name="Codes">The fault code per service (one code for all when the refusal does not depend on it).</param>
    /// <param name="RetryAfter">The wait to announce when the refusal itself does not say (null: not retryable).</param>
    public sealed record Row(IReadOnlyDictionary<GatewayService, string> Codes, int HttpStatus, string Title, TimeSpan? RetryAfter = null);

    private static readonly IReadOnlyDictionary<Refusal, Row> Rows = new Dictionary<Refusal, Row>
    {
        [Refusal.InvalidRequest] = new(PerService(FaultCodes.AanleverRequestInvalid, FaultCodes.StatusRequestInvalid, OphaalRequestInvalid),
            StatusCodes.Status400BadRequest, "The request does not conform to the interface specification"),
        [Refusal.UnsupportedMediaType] = new(PerService(FaultCodes.AanleverRequestInvalid, FaultCodes.StatusRequestInvalid, OphaalRequestInvalid),
            StatusCodes.Status415UnsupportedMediaType, "The request does not conform to the interface specification"),
        [Refusal.UnknownBerichtsoort] = new(Always(FaultCodes.UnknownBerichtsoort), StatusCodes.Status422UnprocessableEntity, "Unknown berichtsoort"),
        [Refusal.SenderUnknown] = new(Always(FaultCodes.SenderUnknown), StatusCodes.Status401Unauthorized, "The sender cannot be identified"),
        [Refusal.CertificateRefused] = new(Always(FaultCodes.CertificateRefused), StatusCodes.Status403Forbidden, "The client certificate was refused"),
        [Refusal.OperatorOnly] = new(Always(FaultCodes.CertificateRefused), StatusCodes.Status403Forbidden, "Operators only"),
        [Refusal.AanleverkenmerkConflict] = new(Always(FaultCodes.DuplicateAanleverkenmerk), StatusCodes.Status409Conflict, "Aanleverkenmerk already used"),
        [Refusal.ContentTooLarge] = new(Always(FaultCodes.ContentTooLarge), StatusCodes.Status413PayloadTooLarge, "Content too large"),
        [Refusal.Overloaded] = new(Always(FaultCodes.Overloaded), StatusCodes.Status503ServiceUnavailable, "The gateway is at capacity",
            TimeSpan.FromSeconds(1)),
        [Refusal.RateLimited] = new(Always(FaultCodes.RateLimited), StatusCodes.Status429TooManyRequests, "Too many requests", TimeSpan.FromSeconds(1)),
        [Refusal.UnknownKenmerk] = new(Always(FaultCodes.UnknownKenmerk), StatusCodes.Status404NotFound, "Unknown kenmerk"),
        [Refusal.NotAnsweredInTime] = new(PerService(FaultCodes.AanleverTechnicalError, StatusTechnicalError, OphaalTechnicalError),
            StatusCodes.Status503ServiceUnavailable, "Technical error", TimeSpan.FromSeconds(1)),
        [Refusal.Unexpected] = new(PerService(FaultCodes.AanleverTechnicalError, StatusTechnicalError, OphaalTechnicalError),
            StatusCodes.Status500InternalServerError, "Technical error"),
    };

    /// <summary>Our codes, by analogy with the AanleverService's ALS100 and ALS400 (Digipoort publishes none for these services).</summary>
    public const string OphaalRequestInvalid = "OPS100";

    public const string StatusTechnicalError = "STS400";
    public const string OphaalTechnicalError = "OPS400";

    public static Row For(Refusal refusal) => Rows[refusal];

    /// <summary>The HTTP status of an accepted submission: 200 when it repeats one already taken (nothing new started), else 202.</summary>
    public static int HttpStatusOfAcceptance(bool alreadySubmitted) => alreadySubmitted ? StatusCodes.Status200OK : StatusCodes.Status202Accepted;

    private static Dictionary<GatewayService, string> Always(string code) => PerService(code, code, code);

    private static Dictionary<GatewayService, string> PerService(string aanlever, string statusinformatie, string ophaal) => new()
    {
        [GatewayService.Aanlever] = aanlever,
        [GatewayService.Statusinformatie] = statusinformatie,
        [GatewayService.Ophaal] = ophaal,
    };
}
