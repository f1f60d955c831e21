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

    /// <summary>
    /// The fault as Digipoort writes it: <c>&lt;s:Fault&gt;&lt;faultcode&gt;s:Client&lt;/faultcode&gt;…</c>, the Fault element in the
    /// envelope's prefix and its children unqualified, with no namespace re-declared. Built in the envelope's own document
    /// rather than copied into it: a copied Fault would bring its own default namespace and its children an
    /// <c>xmlns=""</c>, which SOAP stacks that look the children up in the Fault's default namespace (zeep) cannot read.
    /// </summary>
    public static byte[] Fault(WusService service, WusOperation? operation, string? relatesTo, WusFault fault)
    {
        var doc = SoapEnvelope.Create(Headers(operation?.FaultAction ?? WusNamespaces.AddressingFaultAction, relatesTo), payload: null);
        var body = SoapEnvelope.Body(doc);
        var soapFault = Append(body, SoapEnvelope.Prefix, "Fault", WusNamespaces.Soap11);
        Append(soapFault, "", "faultcode", "").InnerText = SoapEnvelope.Prefix + ":Client";
        Append(soapFault, "", "faultstring", "").InnerText = "Algemene fout";
        Append(soapFault, "", "faultactor", "").InnerText = "Verantwoordingsplichtige";
        var detail = Append(Append(soapFault, "", "detail", ""), "fault", service.FaultElement, WusNamespaces.Koppelvlak);
        Append(detail, "fault", "foutcode", WusNamespaces.Koppelvlak).InnerText = fault.Code;
        Append(detail, "fault", "foutbeschrijving", WusNamespaces.Koppelvlak).InnerText = Describe(fault.Description);
        return SoapEnvelope.Serialize(doc);
    }

    private static System.Xml.XmlElement Append(System.Xml.XmlElement parent, string prefix, string localName, string namespaceUri)
    {
        var element = parent.OwnerDocument.CreateElement(prefix, localName, namespaceUri);
        parent.AppendChild(element);
        return element;
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
