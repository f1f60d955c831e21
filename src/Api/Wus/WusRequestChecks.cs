using System.Security.Cryptography.X509Certificates;
using System.Xml;
using Digipoort.Api.Wus.Reading;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus;

/// <summary>
/// The checks every WUS request passes before its operation runs (contract §4): the WS-Security
/// signature (by the TLS client certificate, fresh Timestamp, everything required signed), the
/// WS-Addressing headers (Action names an operation of this service and matches SOAPAction, MessageID,
/// To is this endpoint, ReplyTo/FaultTo/From only anonymous or none), no foreign header blocks, and a
/// Body holding exactly the operation's request element. Pure apart from the clock in the policy.
/// </summary>
internal static class WusRequestChecks
{
    public static (WusOperation? Operation, string? Error) Check(WusRequest request, WusService service, string? soapAction,
        X509Certificate2 tlsCertificate, TimestampPolicy timestamps)
    {
        var action = request.Addressing("Action");
        var operation = action is null ? null : service.ByAction(action);

        var (security, securityError) = WsSecurityVerifier.Verify(request.Document, timestamps, request.BodyDigest);
        if (security is null) return (operation, securityError);
        if (!security.Certificate.RawData.AsSpan().SequenceEqual(tlsCertificate.RawData))
            return (operation, "The message is signed with a certificate other than the TLS client certificate.");

        if (action is null) return (null, "The wsa:Action header is missing.");
        if (operation is null) return (null, $"wsa:Action '{action}' names no operation of the {service.Name}.");
        var httpAction = soapAction?.Trim().Trim('"');
        if (!string.IsNullOrEmpty(httpAction) && httpAction != action)
            return (operation, "The SOAPAction HTTP header differs from wsa:Action.");

        if (string.IsNullOrEmpty(request.Addressing("MessageID"))) return (operation, "The wsa:MessageID header is missing.");
        var to = request.Addressing("To");
        if (to is null) return (operation, "The wsa:To header is missing.");
        if (!Uri.TryCreate(to, UriKind.Absolute, out var toUri) || !toUri.AbsolutePath.TrimEnd('/').Equals(service.Path, StringComparison.OrdinalIgnoreCase))
            return (operation, $"wsa:To '{to}' is not the address of the {service.Name}.");
        if (HeaderError(request.Header!) is { } headerError) return (operation, headerError);

        var payloads = request.Body.ChildNodes.OfType<XmlElement>().ToList();
        if (payloads.Count != 1 || payloads[0].LocalName != operation.RequestElement || payloads[0].NamespaceURI != WusNamespaces.Koppelvlak)
            return (operation, $"The Body must hold exactly one {operation.RequestElement} element in the koppelvlak namespace.");
        return (operation, null);
    }

    private static string? HeaderError(XmlElement header)
    {
        foreach (var block in header.ChildNodes.OfType<XmlElement>())
        {
            if (block.NamespaceURI == WusNamespaces.Security && block.LocalName == "Security") continue;
            if (block.NamespaceURI != WusNamespaces.Addressing)
                return $"Header block {block.Name} is not allowed: only WS-Addressing and WS-Security headers may be sent.";
            if (block.LocalName is "Action" or "MessageID" or "To" or "RelatesTo") continue;
            if (block.LocalName is "ReplyTo" or "FaultTo" or "From")
            {
                var address = SoapEnvelope.Child(block, "Address", WusNamespaces.Addressing)?.InnerText.Trim();
                if (address is not (WusNamespaces.Anonymous or WusNamespaces.None))
                    return $"wsa:{block.LocalName} may only be {WusNamespaces.Anonymous} (or none).";
                continue;
            }
            return $"Header block wsa:{block.LocalName} is not allowed.";
        }
        return null;
    }
}
