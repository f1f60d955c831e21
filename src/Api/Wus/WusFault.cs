using Digipoort.Api.Problems;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus;

/// <summary>
/// WUS's rendering of a <see cref="Fault"/>: the Digipoort foutcode and foutbeschrijving that go into the service's fault
/// element (see <see cref="WusResponder.Fault"/>), in the family of codes of the service that was called.
/// </summary>
internal sealed record WusFault(string Code, string Description, TimeSpan? RetryAfter = null)
{
    /// <summary>Digipoort's own text for a request that breaks the interface specification (ALS100), before the detail.</summary>
    public const string InterfacePrefix =
        "Het verzoek voldoet niet aan de koppelvlakspecificaties en kan hierdoor niet door Digipoort worden verwerkt. De volgende fout is opgetreden: ";

    /// <summary>The refusal as <paramref name="service"/> reports it (ALS100 on the AanleverService is STS100 on the StatusinformatieService).</summary>
    public static WusFault From(Fault fault, WusServiceKind service)
    {
        var own = fault.For(ServiceOf(service));
        return new(own.Code, own.Refusal is Refusal.InvalidRequest or Refusal.UnsupportedMediaType ? InterfacePrefix + own.Detail : own.Detail,
            own.RetryAfterOrDefault);
    }

    /// <summary>The request breaks the interface specification (SOAP, WS-Addressing, WS-Security or the schema).</summary>
    public static WusFault InterfaceViolation(WusServiceKind service, string detail) => From(Fault.InvalidRequest(detail), service);

    public static GatewayService ServiceOf(WusServiceKind service) => service switch
    {
        WusServiceKind.Aanlever => GatewayService.Aanlever,
        WusServiceKind.Statusinformatie => GatewayService.Statusinformatie,
        _ => GatewayService.Ophaal,
    };
}
