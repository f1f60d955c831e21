using System.Xml.Linq;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus;

/// <summary>
/// Writes the WSDL of one service from <see cref="WusContract"/>: the same portType, binding, message and
/// action names as Digipoort's WSDLs (contract §1–2, §4), the security and addressing policies, the
/// schema import pointing at this gateway's <c>?xsd</c>, and this gateway's own endpoint address.
/// </summary>
internal static class WsdlDocument
{
    private static readonly XNamespace Wsdl = "http://schemas.xmlsoap.org/wsdl/";
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/wsdl/soap/";
    private static readonly XNamespace Xsd = "http://www.w3.org/2001/XMLSchema";
    private static readonly XNamespace Wsp = "http://schemas.xmlsoap.org/ws/2004/09/policy";
    private static readonly XNamespace Sp = "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702";
    private static readonly XNamespace Wsam = "http://www.w3.org/2007/05/addressing/metadata";
    private static readonly XNamespace Wsaw = "http://www.w3.org/2006/05/addressing/wsdl";
    private static readonly XNamespace Mtom = "http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization";
    private static readonly XNamespace Wsu = WusNamespaces.Utility;
    private static readonly XNamespace Kv = WusNamespaces.Koppelvlak;

    private const string Documentation = """

        WUS 2.0 for businesses, version 1.2, as offered by this gateway.
        Transport: HTTPS (TLS 1.2 or 1.3) with a client certificate (PKIoverheid, the OIN in the subject serialNumber).
        SOAP 1.1, document/literal, UTF-8. No header blocks other than WS-Addressing and WS-Security.
        WS-Addressing 1.0: the request carries wsa:To (this endpoint), wsa:Action (the operation's soapAction),
        wsa:MessageID and optionally wsa:ReplyTo (anonymous only); the response carries wsa:To (anonymous),
        the response action, a new wsa:MessageID and wsa:RelatesTo with the request's MessageID.
        WS-Security 1.0: a wsu:Timestamp (Created required, Expires optional) and an XML signature with exclusive
        canonicalization (RSA-SHA1 or RSA-SHA256, SHA-1 or SHA-256 digests) over the Timestamp, every WS-Addressing
        header and the Body, made with the client certificate, which travels as a wsse:BinarySecurityToken (X509v3,
        Base64Binary) and must be the TLS client certificate. Responses are signed the same way by the gateway;
        faults are not signed.

        """;

    public static XDocument Create(WusService service, Uri endpoint, Uri schema)
    {
        XNamespace tns = service.TargetNamespace;
        var definitions = new XElement(Wsdl + "definitions",
            new XAttribute("targetNamespace", service.TargetNamespace),
            new XAttribute(XNamespace.Xmlns + "wsdl", Wsdl), new XAttribute(XNamespace.Xmlns + "soap11", Soap),
            new XAttribute(XNamespace.Xmlns + "tns", tns), new XAttribute(XNamespace.Xmlns + "kv", Kv),
            new XAttribute(XNamespace.Xmlns + "wsp", Wsp), new XAttribute(XNamespace.Xmlns + "wsu", Wsu),
            new XAttribute(XNamespace.Xmlns + "sp", Sp), new XAttribute(XNamespace.Xmlns + "wsam", Wsam),
            new XAttribute(XNamespace.Xmlns + "wsaw", Wsaw),
            new XElement(Wsdl + "documentation", Documentation),
            EndpointPolicy(service), MessagePolicy(),
            new XElement(Wsdl + "types",
                new XElement(Xsd + "schema", new XAttribute(XNamespace.Xmlns + "xsd", Xsd), new XAttribute("elementFormDefault", "qualified"),
                    new XElement(Xsd + "import", new XAttribute("namespace", WusNamespaces.Koppelvlak), new XAttribute("schemaLocation", schema)))));

        foreach (var operation in service.Operations)
        {
            definitions.Add(Message(MessageName(operation.RequestElement), operation.RequestElement));
            definitions.Add(Message(MessageName(operation.ResponseElement), operation.ResponseElement));
        }
        definitions.Add(new XElement(Wsdl + "message", new XAttribute("name", service.FaultMessage),
            new XElement(Wsdl + "part", new XAttribute("name", "fault"), new XAttribute("element", "kv:" + service.FaultElement))));

        definitions.Add(new XElement(Wsdl + "portType", new XAttribute("name", service.PortType),
            service.Operations.Select(o => new XElement(Wsdl + "operation", new XAttribute("name", o.Name),
                new XElement(Wsdl + "input", new XAttribute("name", o.RequestElement), new XAttribute("message", "tns:" + MessageName(o.RequestElement))),
                new XElement(Wsdl + "output", new XAttribute(Wsaw + "Action", o.ResponseAction), new XAttribute("name", o.ResponseElement),
                    new XAttribute("message", "tns:" + MessageName(o.ResponseElement))),
                new XElement(Wsdl + "fault", new XAttribute(Wsaw + "Action", o.FaultAction), new XAttribute("name", service.FaultName),
                    new XAttribute("message", "tns:" + service.FaultMessage))))));

        definitions.Add(new XElement(Wsdl + "binding", new XAttribute("name", service.Binding), new XAttribute("type", "tns:" + service.PortType),
            new XElement(Soap + "binding", new XAttribute("transport", "http://schemas.xmlsoap.org/soap/http")),
            PolicyReference("X509EndpointPolicy"),
            service.Operations.Select(o => new XElement(Wsdl + "operation", new XAttribute("name", o.Name),
                new XElement(Soap + "operation", new XAttribute("soapAction", o.RequestAction)),
                new XElement(Wsdl + "input", new XAttribute("name", o.RequestElement), LiteralBody(), PolicyReference("SecureMessagePolicy")),
                new XElement(Wsdl + "output", new XAttribute("name", o.ResponseElement), LiteralBody(), PolicyReference("SecureMessagePolicy")),
                new XElement(Wsdl + "fault", new XAttribute("name", service.FaultName),
                    new XElement(Soap + "fault", new XAttribute("use", "literal"), new XAttribute("name", service.FaultName)))))));

        definitions.Add(new XElement(Wsdl + "service", new XAttribute("name", service.PortType),
            new XElement(Wsdl + "port", new XAttribute("name", service.PortType), new XAttribute("binding", "tns:" + service.Binding),
                new XElement(Soap + "address", new XAttribute("location", endpoint)))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), definitions);
    }

    /// <summary>aanleverRequest → aanleverMessageRequest, getProcessenResponse → getProcessenMessageResponse (as Digipoort names them).</summary>
    private static string MessageName(string element) =>
        element.EndsWith("Request", StringComparison.Ordinal) ? element[..^7] + "MessageRequest" : element[..^8] + "MessageResponse";

    private static XElement Message(string name, string element) =>
        new(Wsdl + "message", new XAttribute("name", name),
            new XElement(Wsdl + "part", new XAttribute("name", element), new XAttribute("element", "kv:" + element)));

    private static XElement LiteralBody() => new(Soap + "body", new XAttribute("use", "literal"));

    private static XElement PolicyReference(string id) => new(Wsp + "PolicyReference", new XAttribute("URI", "#" + id));

    private static XElement EndpointPolicy(WusService service)
    {
        static XElement Token(string role, string inclusion) =>
            new(Sp + role, new XElement(Wsp + "Policy",
                new XElement(Sp + "X509Token", new XAttribute(Sp + "IncludeToken", $"{Sp.NamespaceName}/IncludeToken/{inclusion}"),
                    new XElement(Wsp + "Policy", new XElement(Sp + "WssX509V3Token10")))));

        var all = new XElement(Wsp + "All",
            new XElement(Sp + "AsymmetricBinding", new XElement(Wsp + "Policy",
                Token("InitiatorToken", "AlwaysToRecipient"),
                Token("RecipientToken", "AlwaysToInitiator"),
                new XElement(Sp + "AlgorithmSuite", new XElement(Wsp + "Policy",
                    new XElement(Sp + "Basic128Rsa15"), new XElement(Sp + "Basic256Rsa15"), new XElement(Sp + "TripleDesRsa15"))),
                new XElement(Sp + "IncludeTimestamp"),
                new XElement(Sp + "EncryptBeforeSigning"),
                new XElement(Sp + "OnlySignEntireHeadersAndBody"))),
            new XElement(Wsam + "Addressing", new XElement(Wsp + "Policy", new XElement(Wsp + "ExactlyOne",
                new XElement(Wsp + "All", new XElement(Wsam + "Anonymous", "required")),
                new XElement(Wsp + "All", new XElement(Wsam + "AnonymousResponses"))))));
        if (service.Kind == WusServiceKind.Aanlever)
            all.Add(new XElement(Mtom + "OptimizedMimeSerialization", new XAttribute(XNamespace.Xmlns + "mtom", Mtom), new XAttribute(Wsp + "Optional", "true")));
        return new XElement(Wsp + "Policy", new XAttribute(Wsu + "Id", "X509EndpointPolicy"), new XElement(Wsp + "ExactlyOne", all));
    }

    private static XElement MessagePolicy()
    {
        XNamespace soapEnvelope = WusNamespaces.Soap11;
        var timestampPath = $"/*[namespace-uri()='{soapEnvelope.NamespaceName}' and local-name()='Envelope']" +
                            $"/*[namespace-uri()='{soapEnvelope.NamespaceName}' and local-name()='Header']" +
                            $"/*[namespace-uri()='{WusNamespaces.Security}' and local-name()='Security']" +
                            $"/*[namespace-uri()='{WusNamespaces.Utility}' and local-name()='Timestamp']";
        return new XElement(Wsp + "Policy", new XAttribute(Wsu + "Id", "SecureMessagePolicy"), new XElement(Wsp + "ExactlyOne", new XElement(Wsp + "All",
            new XElement(Sp + "SignedParts", new XElement(Sp + "Body"),
                new[] { "To", "From", "FaultTo", "ReplyTo", "MessageID", "RelatesTo", "Action" }.Select(h =>
                    new XElement(Sp + "Header", new XAttribute("Name", h), new XAttribute("Namespace", WusNamespaces.Addressing)))),
            new XElement(Sp + "SignedElements", new XElement(Sp + "XPath", timestampPath)))));
    }
}
