using Digipoort.Api.Problems;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus;

/// <summary>
/// The WUS 2.0 endpoints at Digipoort's paths: POST SOAP requests to <c>/wus/2.0/{aanleverservice,
/// statusinformatieservice,ophaalservice}/1.2</c>; GET <c>?wsdl</c> for the service's WSDL (naming this
/// gateway's address) and <c>?xsd</c> for the koppelvlak schema it imports.
/// </summary>
public static class WusEndpoints
{
    public static IEndpointRouteBuilder MapWusServices(this IEndpointRouteBuilder app)
    {
        foreach (var service in WusContract.Services)
        {
            var post = app.MapPost(service.Path, (HttpContext http, WusGateway gateway) => gateway.HandleAsync(http, service))
                .ExcludeFromDescription();
            if (service.Kind == WusServiceKind.Aanlever) post.RequireRateLimiting(ApiRegistration.SubmissionLimiter);
            app.MapGet(service.Path, (HttpContext http, WusSettings settings) => MetadataAsync(http, service, settings)).ExcludeFromDescription();
        }
        return app;
    }

    /// <summary>Whether a request is for a WUS service (its refusals are SOAP faults, not problem details).</summary>
    public static bool IsWusRequest(HttpContext http) => ServiceOf(http) is not null;

    /// <summary>Refuses a WUS request before it was read (rate limits, capacity) with the service's fault.</summary>
    public static Task WriteRefusalAsync(HttpContext http, Fault fault) =>
        WusGateway.WriteFaultAsync(http, ServiceOf(http)!, operation: null, relatesTo: null, fault);

    private static WusService? ServiceOf(HttpContext http) =>
        WusContract.Services.FirstOrDefault(s => http.Request.Path.Equals(s.Path, StringComparison.OrdinalIgnoreCase));

    private static async Task MetadataAsync(HttpContext http, WusService service, WusSettings settings)
    {
        var request = http.Request;
        var baseAddress = settings.PublicBaseAddress?.ToString().TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        var endpoint = new Uri(baseAddress + service.Path);
        http.Response.ContentType = WusResponder.ContentType;
        if (request.Query.ContainsKey("wsdl"))
        {
            var wsdl = WsdlDocument.Create(service, endpoint, new Uri(endpoint + "?xsd"));
            await http.Response.WriteAsync(wsdl.Declaration + Environment.NewLine + wsdl.Root);
        }
        else if (request.Query.ContainsKey("xsd"))
        {
            await http.Response.Body.WriteAsync(WusSchema.Bytes);
        }
        else
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"{service.PortType}: POST SOAP 1.1 requests here. WSDL: {endpoint}?wsdl");
        }
    }
}
