using Digipoort.Api.Wus;

namespace Digipoort.Api.Problems;

/// <summary>
/// Answers a request that is refused before (or outside) its endpoint — rate limits, capacity, a refused client
/// certificate, an exception — in its protocol's shape: a SOAP fault on a WUS endpoint, problem details elsewhere.
/// </summary>
public static class Refusals
{
    public static Task WriteAsync(HttpContext http, Fault fault) =>
        WusEndpoints.IsWusRequest(http) ? WusEndpoints.WriteRefusalAsync(http, fault) : fault.ToProblem(http).ExecuteAsync(http);
}
