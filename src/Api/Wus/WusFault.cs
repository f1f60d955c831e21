using Digipoort.Actors.Domain;
using Digipoort.Api.Problems;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus;

/// <summary>A refusal as the SOAP facade reports it: a Digipoort foutcode and foutbeschrijving in the service's fault element.</summary>
internal sealed record WusFault(string Code, string Description, TimeSpan? RetryAfter = null)
{
    /// <summary>The same refusal REST reports as a problem (fault code, detail, Retry-After).</summary>
    public static WusFault From(Fault fault) => new(fault.Code, fault.Detail, fault.RetryAfter);

    /// <summary>
    /// The request breaks the interface specification (SOAP, WS-Addressing, WS-Security or the schema):
    /// ALS100 for the AanleverService, STS100 for the StatusinformatieService and OPS100 (our code, by
    /// analogy) for the OphaalService.
    /// </summary>
    public static WusFault InterfaceViolation(WusServiceKind service, string detail) =>
        new(service switch
        {
            WusServiceKind.Aanlever => FaultCodes.AanleverRequestInvalid,
            WusServiceKind.Statusinformatie => FaultCodes.StatusRequestInvalid,
            _ => OphaalRequestInvalid,
        }, InterfacePrefix + detail);

    /// <summary>A technical error: ALS400 for the AanleverService; STS400 and OPS400 (our codes, by analogy) for the others.</summary>
    public static WusFault TechnicalError(WusServiceKind service, string detail) =>
        new(service switch
        {
            WusServiceKind.Aanlever => FaultCodes.AanleverTechnicalError,
            WusServiceKind.Statusinformatie => StatusTechnicalError,
            _ => OphaalTechnicalError,
        }, detail);

    public const string OphaalRequestInvalid = "OPS100";
    public const string StatusTechnicalError = "STS400";
    public const string OphaalTechnicalError = "OPS400";

    private const string InterfacePrefix =
        "Het verzoek voldoet niet aan de koppelvlakspecificaties en kan hierdoor niet door Digipoort worden verwerkt. De volgende fout is opgetreden: ";
}
