using System.Xml;
using Digipoort.Actors.Storage;
using Digipoort.Api.Identity;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Digipoort.Api.Wus.Operations;
using Digipoort.Api.Wus.Reading;
using Digipoort.Wus.Protocol;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Digipoort.Api.Wus;

/// <summary>
/// Handles one WUS request from wire to wire: who is calling (mutual TLS), read the envelope (streaming
/// the content into staging), check WS-Security and WS-Addressing, validate the body against the
/// schema, run the operation, and answer with a signed response or an unsigned Digipoort fault. A
/// refused request leaves nothing stored: staged content is discarded with the request. The
/// AanleverService also takes MTOM (contract §1: optional in its policy): the MIME parts are staged
/// first and the envelope is then read from staging (see <see cref="MtomPackageReader"/>).
/// </summary>
internal sealed class WusGateway(ISenderIdentityResolver identities, SubmissionIntake intake, IBlobStore blobs, WusResponder responder, WusSettings settings,
    TimeProvider clock, AanleverOperation aanlever, StatusinformatieOperations statusinformatie, OphaalOperations ophaal,
    ILogger<WusGateway> logger)
{
    public async Task HandleAsync(HttpContext http, WusService service)
    {
        var cancellationToken = http.RequestAborted;
        string? relatesTo = null;
        WusOperation? operation = null;
        Fault? fault;
        try
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = settings.MaxRequestBytes;
            var sender = identities.Resolve(http);
            var certificate = http.Connection.ClientCertificate;
            if (sender is not { } requester || certificate is null)
            {
                fault = Fault.ClientCertificateMissing();
            }
            else if (!IsSoap11(http.Request.ContentType) && !AcceptsMtom(service, http.Request.ContentType))
            {
                fault = Fault.InvalidRequest(service.Kind == WusServiceKind.Aanlever
                    ? "Send SOAP 1.1 with Content-Type text/xml, or MTOM (multipart/related; type=\"application/xop+xml\")."
                    : "Send SOAP 1.1 with Content-Type text/xml.");
            }
            else
            {
                // The one owner of what this request stages, as for REST and bulk: a refused or failed submission leaves nothing.
                await using var staging = intake.BeginStaging();
                await using var package = AcceptsMtom(service, http.Request.ContentType) ? await ReadMtomAsync(http, staging, cancellationToken) : null;
                await using var root = package?.Root.OpenRead();
                var request = await WusEnvelopeReader.ReadAsync(root ?? http.Request.Body, settings.ReadLimits,
                    service.Kind == WusServiceKind.Aanlever ? staging.StageAsync : null, cancellationToken, package);
                package?.EnsureUnreferencedAtMost(settings.MtomMaxUnreferencedParts);
                relatesTo = request.Addressing("MessageID");
                var timestamps = new TimestampPolicy(clock.GetUtcNow(), settings.ClockSkew, settings.TimestampMaxAge);
                (operation, var error) = WusRequestChecks.Check(request, service, http.Request.Headers["SOAPAction"], certificate, timestamps);
                var schemaErrors = error is null ? WusSchema.Validate(request.Payload!) : [];
                if (error is not null || schemaErrors.Count > 0)
                {
                    fault = Fault.InvalidRequest(error ?? "The body does not satisfy the koppelvlak schema: " + string.Join(" ", schemaErrors));
                }
                else
                {
                    var result = await DispatchAsync(new WusCall(operation!, request, requester, cancellationToken));
                    if (result is { Response: { } streamedResponse, Streamed: { Count: > 0 } streamed })
                    {
                        await responder.WriteStreamedAsync(http.Response, operation!, relatesTo, streamedResponse, streamed, cancellationToken);
                        return;
                    }
                    if (result.Response is { } response)
                    {
                        await WusResponder.WriteAsync(http.Response, responder.Response(operation!, relatesTo, response), isFault: false);
                        return;
                    }
                    fault = result.Fault!;
                }
            }
        }
        catch (XmlException e)
        {
            fault = Fault.InvalidRequest("The envelope is not acceptable XML: " + e.Message);
        }
        catch (WusProtocolException e)
        {
            fault = Fault.InvalidRequest(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            fault = Faults.Expected(e, WusFault.ServiceOf(service.Kind), settings.MaxRequestBytes);
            if (fault is null)
            {
                // The edge of the SOAP facade: like GatewayExceptionHandler for REST, log it and tell the client
                // no more than that something went wrong, in the shape its SOAP stack understands.
                logger.LogError(e, "WUS request to {Service} failed", service.Name);
                fault = Fault.Unexpected(WusFault.ServiceOf(service.Kind));
            }
        }
        if (http.Response.HasStarted)
        {
            // A streamed response failed half-way: the client must not mistake the rest for an answer.
            http.Abort();
            return;
        }
        await WriteFaultAsync(http, service, operation, relatesTo, fault);
    }

    /// <summary>Answers with an unsigned fault in the service's family of codes (also for refusals before the request is read).</summary>
    public static Task WriteFaultAsync(HttpContext http, WusService service, WusOperation? operation, string? relatesTo, Fault fault)
    {
        var wusFault = WusFault.From(fault, service.Kind);
        return WusResponder.WriteAsync(http.Response, WusResponder.Fault(service, operation, relatesTo, wusFault), isFault: true, wusFault.RetryAfter);
    }

    private Task<WusResult> DispatchAsync(WusCall call) => call.Operation.Service switch
    {
        WusServiceKind.Aanlever => aanlever.HandleAsync(call),
        WusServiceKind.Statusinformatie => statusinformatie.HandleAsync(call),
        _ => ophaal.HandleAsync(call),
    };

    /// <summary>Stages every MIME part of an MTOM request: the envelope within the request limit, each binary part within the inhoud limit.</summary>
    private Task<MtomPackage> ReadMtomAsync(HttpContext http, SubmissionStaging staging, CancellationToken cancellationToken) =>
        MtomPackageReader.ReadAsync(http.Request.Body, http.Request.ContentType!, settings.MtomMaxParts,
            (root, ct) => blobs.StageAsync(root, settings.MaxRequestBytes, ct), staging.StageAsync, cancellationToken);

    private static bool AcceptsMtom(WusService service, string? contentType) =>
        service.Kind == WusServiceKind.Aanlever && MtomPackageReader.IsMultipartRelated(contentType);

    private static bool IsSoap11(string? contentType) =>
        contentType is not null && contentType.Split(';', 2)[0].Trim().Equals("text/xml", StringComparison.OrdinalIgnoreCase);
}
