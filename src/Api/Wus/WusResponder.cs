using System.Globalization;
using System.Xml.Linq;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus;

/// <summary>
/// Writes the gateway's answers as Digipoort does (contract §9.4, §7.1): responses signed with the
/// gateway's certificate (wsse:Security first, Timestamp valid for ten minutes), faults unsigned with
/// faultcode soapenv:Client, faultstring "Algemene fout", faultactor "Verantwoordingsplichtige" and
/// the service's fault element as detail; both with wsa:To anonymous and wsa:RelatesTo.
/// </summary>
internal sealed class WusResponder(WsSecuritySigner signer, TimeProvider clock, TimeSpan validity)
{
    public const string ContentType = "text/xml; charset=utf-8";

    public byte[] Response(WusOperation operation, string? relatesTo, XElement payload)
    {
        var doc = SoapEnvelope.Create(Headers(operation.ResponseAction, relatesTo), payload);
        signer.Sign(doc, clock.GetUtcNow(), validity, securityFirst: true);
        return SoapEnvelope.Serialize(doc);
    }

    /// <summary>Writes a signed response whose documents are streamed from the blob store (<see cref="StreamedContent"/>).</summary>
    public async Task WriteStreamedAsync(HttpResponse response, WusOperation operation, string? relatesTo, XElement payload,
        IReadOnlyList<StreamedContent> contents, CancellationToken cancellationToken)
    {
        var doc = SoapEnvelope.Create(Headers(operation.ResponseAction, relatesTo), payload);
        var bodyDigest = await StreamedContent.DigestAsync(SoapEnvelope.Body(doc), contents, signer.DigestAlgorithm, cancellationToken);
        signer.Sign(doc, clock.GetUtcNow(), validity, securityFirst: true, bodyDigest);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        await StreamedContent.WriteAsync(SoapEnvelope.Serialize(doc), contents, response.Body, cancellationToken);
    }

    public static byte[] Fault(WusService service, WusOperation? operation, string? relatesTo, WusFault fault)
    {
        XNamespace kv = WusNamespaces.Koppelvlak;
        XNamespace soap = WusNamespaces.Soap11;
        var body = new XElement(soap + "Fault",
            new XElement("faultcode", "s:Client"),
            new XElement("faultstring", "Algemene fout"),
            new XElement("faultactor", "Verantwoordingsplichtige"),
            new XElement("detail",
                new XElement(kv + service.FaultElement, new XAttribute(XNamespace.Xmlns + "fault", kv),
                    new XElement(kv + "foutcode", fault.Code),
                    new XElement(kv + "foutbeschrijving", Describe(fault.Description)))));
        return SoapEnvelope.Serialize(SoapEnvelope.Create(Headers(operation?.FaultAction ?? WusNamespaces.AddressingFaultAction, relatesTo), body));
    }

    /// <summary>Writes an answer: 200 for a response, 500 for a fault (SOAP 1.1 over HTTP), Retry-After when the fault says when to come back.</summary>
    public static async Task WriteAsync(HttpResponse response, byte[] envelope, bool isFault, TimeSpan? retryAfter = null)
    {
        response.StatusCode = isFault ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        response.ContentType = ContentType;
        if (retryAfter is { } wait)
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        response.ContentLength = envelope.Length;
        await response.Body.WriteAsync(envelope);
    }

    private static AddressingHeaders Headers(string action, string? relatesTo) =>
        new(action, "urn:uuid:" + Guid.NewGuid(), WusNamespaces.Anonymous, relatesTo);

    /// <summary>foutbeschrijving is a normalizedString: no control characters, at most 1 MiB.</summary>
    private static string Describe(string text)
    {
        var clean = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
        return clean.Length > 1_048_576 ? clean[..1_048_576] : clean;
    }
}
