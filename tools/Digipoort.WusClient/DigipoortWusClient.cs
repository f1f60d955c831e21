using System.Xml;
using System.Xml.Linq;
using Digipoort.Wus.Protocol;

namespace Digipoort.WusClient;

/// <summary>
/// A WUS 2.0 client that talks to a Digipoort (or this gateway) like the real clients do: SOAP 1.1 over the
/// given <see cref="HttpClient"/> (which carries the TLS client certificate), WS-Addressing headers with a
/// fresh urn:uuid MessageID, and a WS-Security signature made by a prepared <see cref="WusSigner"/>.
/// Answers are parsed, and the signature of a response is verified (and reported, not thrown).
/// </summary>
public sealed class DigipoortWusClient(HttpClient http, Uri baseAddress, WusSigner signer)
{
    /// <summary>The clock for the wsu:Timestamp (tests move it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Created + this = Expires (wus.core: 5 minutes).</summary>
    public TimeSpan TimestampValidity { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Send SOAPAction quoted (as WCF does) instead of bare (wus-js, wus.core).</summary>
    public bool QuoteSoapAction { get; init; }

    /// <summary>
    /// Send AanleverService requests as MTOM, as WCF with MessageEncoding=Mtom does (see <see cref="MtomEncoder"/>).
    /// The other services stay text/xml: their WSDLs have no MTOM policy.
    /// </summary>
    public bool Mtom { get; init; }

    public Uri EndpointOf(WusServiceName service) => new(baseAddress, Service(service).Path);

    public static string RequestAction(WusServiceName service, string operation) => Service(service).Operation(operation).RequestAction;

    public static string ResponseAction(WusServiceName service, string operation) => Service(service).Operation(operation).ResponseAction;

    public static string FaultAction(WusServiceName service, string operation) => Service(service).Operation(operation).FaultAction;

    /// <summary>An unsigned request envelope, to adjust before <see cref="Sign"/> (tests build wrong ones this way).</summary>
    public XmlDocument CreateEnvelope(WusServiceName service, string operation, XElement payload) =>
        SoapEnvelope.Create(new AddressingHeaders(RequestAction(service, operation), "urn:uuid:" + Guid.NewGuid(), EndpointOf(service).ToString(),
            ReplyToAnonymous: true), payload);

    /// <summary>Adds the wsse:Security header, after the WS-Addressing headers as wus-js does.</summary>
    public void Sign(XmlDocument envelope, WusSigner? by = null) =>
        (by ?? signer).Inner.Sign(envelope, Clock.GetUtcNow(), TimestampValidity, securityFirst: false);

    /// <summary>A signed request, serialized as it goes on the wire.</summary>
    public byte[] BuildRequest(WusServiceName service, string operation, XElement payload)
    {
        var envelope = CreateEnvelope(service, operation, payload);
        Sign(envelope);
        return SoapEnvelope.Serialize(envelope);
    }

    public static byte[] Serialize(XmlDocument envelope) => SoapEnvelope.Serialize(envelope);

    /// <summary>A signed request as MTOM: signed over base64 inhoud, then optimized (see <see cref="MtomEncoder"/>).</summary>
    public MtomMessage BuildMtomRequest(WusServiceName service, string operation, XElement payload)
    {
        var envelope = CreateEnvelope(service, operation, payload);
        Sign(envelope);
        return MtomEncoder.Encode(envelope);
    }

    public Task<WusResponse> SendAsync(WusServiceName service, string operation, XElement payload, CancellationToken cancellationToken = default) =>
        Mtom && service == WusServiceName.Aanlever
            ? PostMtomAsync(service, BuildMtomRequest(service, operation, payload), RequestAction(service, operation), cancellationToken)
            : PostAsync(service, BuildRequest(service, operation, payload), RequestAction(service, operation), cancellationToken: cancellationToken);

    /// <summary>Posts a prepared envelope as it is.</summary>
    public Task<WusResponse> PostAsync(WusServiceName service, byte[] envelope, string? soapAction,
        string contentType = "text/xml; charset=UTF-8", CancellationToken cancellationToken = default) =>
        PostContentAsync(service, envelope, contentType, soapAction, cancellationToken);

    /// <summary>Posts a prepared MTOM request as it is (with MIME-Version, as WCF sends it).</summary>
    public Task<WusResponse> PostMtomAsync(WusServiceName service, MtomMessage message, string? soapAction, CancellationToken cancellationToken = default) =>
        PostContentAsync(service, message.ToBytes(), message.ContentType, soapAction, cancellationToken, mimeVersion: true);

    private async Task<WusResponse> PostContentAsync(WusServiceName service, byte[] body, string contentType, string? soapAction,
        CancellationToken cancellationToken, bool mimeVersion = false)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, EndpointOf(service)) { Content = content };
        if (mimeVersion) request.Headers.TryAddWithoutValidation("MIME-Version", "1.0");
        if (soapAction is not null) request.Headers.TryAddWithoutValidation("SOAPAction", QuoteSoapAction ? $"\"{soapAction}\"" : soapAction);
        using var response = await http.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Parse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), answer, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>Parses an answer (no DTDs, no resolver) and verifies its signature when it carries one.</summary>
    public WusResponse Parse(int httpStatus, string? contentType, byte[] body, TimeSpan? retryAfter = null)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using (var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            doc.Load(reader);
        var payload = SoapEnvelope.Body(doc).ChildNodes.OfType<XmlElement>().FirstOrDefault();
        WusFault? fault = null;
        if (payload is { LocalName: "Fault", NamespaceURI: WusNamespaces.Soap11 })
        {
            var detail = payload["detail"]?.ChildNodes.OfType<XmlElement>().FirstOrDefault();
            fault = new WusFault(Child(detail, "foutcode") ?? "", Child(detail, "foutbeschrijving") ?? "",
                payload["faultcode"]?.InnerText ?? "", payload["faultstring"]?.InnerText ?? "");
            payload = null;
        }
        var signed = WsSecurityVerifier.FindSecurity(SoapEnvelope.Child(doc.DocumentElement!, "Header", WusNamespaces.Soap11)).Security is not null;
        var (security, error) = signed
            ? WsSecurityVerifier.Verify(doc, new TimestampPolicy(Clock.GetUtcNow(), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)))
            : (null, "The answer is not signed.");
        return new WusResponse(httpStatus, contentType, doc, payload, fault, security?.Certificate, error, retryAfter);
    }

    private static string? Child(XmlElement? parent, string localName) =>
        parent?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == localName)?.InnerText;

    private static WusService Service(WusServiceName service) => WusContract.Of((WusServiceKind)(int)service);
}
