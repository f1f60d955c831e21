using Digipoort.Api.Problems;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Digipoort.Api.Security;

/// <summary>
/// Authenticates requests that arrive with a TLS client certificate: validates it once per
/// connection (chain to the configured trust anchors, validity, usage, CRL, OIN) and records the
/// identity for the request. The TLS layer accepts any certificate so that a refused one gets a clear
/// answer — fault AUS200 and the reason, as problem details or, on a WUS endpoint, a SOAP fault — instead of a dropped connection; a request on
/// the mutual-TLS listener without any certificate never gets past the handshake.
/// </summary>
public sealed class ClientCertificateAuthentication(RequestDelegate next, ClientCertificateValidator validator,
    ILogger<ClientCertificateAuthentication> logger)
{
    private static readonly object ConnectionKey = new();
    private static readonly object RequestKey = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (certificate is null)
        {
            await next(context);
            return;
        }

        var result = ValidateOncePerConnection(context, certificate);
        if (!result.Succeeded)
        {
            logger.LogWarning("Client certificate {Subject} refused: {Reason}", certificate.Subject, result.Reason);
            await Refusals.WriteAsync(context, result.ToFault()!);
            return;
        }
        context.Items[RequestKey] = result.Identity;
        await next(context);
    }

    /// <summary>The identity of the request's validated client certificate, if it had one.</summary>
    public static CertificateIdentity? IdentityOf(HttpContext context) =>
        context.Items.TryGetValue(RequestKey, out var identity) ? identity as CertificateIdentity : null;

    private CertificateValidationResult ValidateOncePerConnection(HttpContext context,
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        // Building a chain and checking the CRL costs milliseconds; a sender that keeps its connection
        // open should pay it once, not per request.
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items?.TryGetValue(ConnectionKey, out var cached) == true && cached is CertificateValidationResult known)
            return known;
        var result = validator.Validate(certificate, null);
        if (items is not null) items[ConnectionKey] = result;
        return result;
    }
}
