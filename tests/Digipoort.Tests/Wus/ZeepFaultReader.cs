using System.Xml;

namespace Digipoort.Tests.Wus;

/// <summary>
/// Reads a SOAP 1.1 fault the way zeep 4.2 (Python) does: it finds <c>soap-env:Body/soap-env:Fault</c>, then looks up
/// <c>faultcode</c>, <c>faultstring</c>, <c>faultactor</c> and <c>detail</c> with the Fault element's own namespace map, so an
/// unprefixed name means the Fault's default namespace, if it declares one (lxml's <c>find(name, namespaces=nsmap)</c>).
/// A fault whose children are in another namespace than that comes back with everything null.
/// </summary>
internal static class ZeepFaultReader
{
    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";

    public sealed record ZeepFault(string? Code, string? Message, string? Actor, XmlElement? Detail);

    public static ZeepFault Read(XmlDocument envelope)
    {
        var body = Child(envelope.DocumentElement!, "Body", Soap11) ?? throw new XmlException("No soap-env:Body.");
        var fault = Child(body, "Fault", Soap11) ?? throw new XmlException("No soap-env:Fault.");
        var defaultNamespace = fault.GetNamespaceOfPrefix("");
        return new ZeepFault(Child(fault, "faultcode", defaultNamespace)?.InnerText, Child(fault, "faultstring", defaultNamespace)?.InnerText,
            Child(fault, "faultactor", defaultNamespace)?.InnerText, Child(fault, "detail", defaultNamespace));
    }

    private static XmlElement? Child(XmlElement parent, string localName, string namespaceUri) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == localName && e.NamespaceURI == namespaceUri);
}
