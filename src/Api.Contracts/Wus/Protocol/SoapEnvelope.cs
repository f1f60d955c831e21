using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Digipoort.Wus.Protocol;

/// <summary>The WS-Addressing headers of one message (contract §4).</summary>
/// <param name="ReplyToAnonymous">Requests name the anonymous ReplyTo, as wus-js and wus.core do.</param>
public sealed record AddressingHeaders(string Action, string MessageId, string To, string? RelatesTo = null, bool ReplyToAnonymous = false);

/// <summary>
/// Builds SOAP 1.1 envelopes the way the real parties do (contract §9.2, §9.4): WS-Addressing headers
/// and the Body carry wsu:Ids so that they can be signed; requests put the addressing headers before
/// wsse:Security (wus-js, wus.core), the gateway's responses put wsse:Security first (Digipoort).
/// </summary>
public static class SoapEnvelope
{
    public const string BodyId = "body_0";

    /// <summary>The prefix of the SOAP envelope namespace, declared once on the Envelope.</summary>
    public const string Prefix = "s";

    public static XmlDocument Create(AddressingHeaders headers, XElement? payload)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var envelope = doc.CreateElement(Prefix, "Envelope", WusNamespaces.Soap11);
        envelope.SetAttribute("xmlns:" + Prefix, WusNamespaces.Soap11);
        envelope.SetAttribute("xmlns:u", WusNamespaces.Utility);
        envelope.SetAttribute("xmlns:a", WusNamespaces.Addressing);
        envelope.SetAttribute("xmlns:o", WusNamespaces.Security);
        doc.AppendChild(doc.CreateXmlDeclaration("1.0", "UTF-8", null));
        doc.AppendChild(envelope);

        var header = doc.CreateElement("s", "Header", WusNamespaces.Soap11);
        envelope.AppendChild(header);
        var index = 0;
        AddAddressing(header, "Action", headers.Action, ref index, mustUnderstand: true);
        AddAddressing(header, "MessageID", headers.MessageId, ref index);
        if (headers.RelatesTo is { } relatesTo) AddAddressing(header, "RelatesTo", relatesTo, ref index);
        if (headers.ReplyToAnonymous)
        {
            var replyTo = AddAddressing(header, "ReplyTo", null, ref index);
            var address = doc.CreateElement("a", "Address", WusNamespaces.Addressing);
            address.InnerText = WusNamespaces.Anonymous;
            replyTo.AppendChild(address);
        }
        AddAddressing(header, "To", headers.To, ref index);

        var body = doc.CreateElement("s", "Body", WusNamespaces.Soap11);
        SetAttribute(body, "u", "Id", WusNamespaces.Utility, BodyId);
        envelope.AppendChild(body);
        if (payload is not null)
        {
            using var reader = payload.CreateReader();
            body.AppendChild(doc.ReadNode(reader)!);
        }
        return doc;
    }

    public static XmlElement Header(XmlDocument doc) => Child(doc.DocumentElement!, "Header", WusNamespaces.Soap11)
        ?? throw new InvalidOperationException("The envelope has no Header.");

    public static XmlElement Body(XmlDocument doc) => Child(doc.DocumentElement!, "Body", WusNamespaces.Soap11)
        ?? throw new InvalidOperationException("The envelope has no Body.");

    public static XmlElement? Child(XmlElement parent, string localName, string namespaceUri) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == localName && e.NamespaceURI == namespaceUri);

    /// <summary>UTF-8 without a byte order mark, exactly as built (no re-indentation, which would break the digests).</summary>
    public static byte[] Serialize(XmlDocument doc)
    {
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            doc.Save(writer);
        return output.ToArray();
    }

    /// <summary>xsd:dateTime in UTC with milliseconds, as Digipoort writes it.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Sets a namespaced attribute with the given prefix. (XmlElement.SetAttribute(name, namespace, value) leaves the
    /// prefix empty and lets the writer invent one, so the DOM would not canonicalize as what goes on the wire.)
    /// </summary>
    public static void SetAttribute(XmlElement element, string prefix, string localName, string namespaceUri, string value)
    {
        var attribute = element.OwnerDocument.CreateAttribute(prefix, localName, namespaceUri);
        attribute.Value = value;
        element.Attributes.Append(attribute);
    }

    private static XmlElement AddAddressing(XmlElement header, string name, string? value, ref int index, bool mustUnderstand = false)
    {
        var element = header.OwnerDocument.CreateElement("a", name, WusNamespaces.Addressing);
        if (mustUnderstand) SetAttribute(element, "s", "mustUnderstand", WusNamespaces.Soap11, "1");
        SetAttribute(element, "u", "Id", WusNamespaces.Utility, "address_" + index++);
        if (value is not null) element.InnerText = value;
        header.AppendChild(element);
        return element;
    }
}
