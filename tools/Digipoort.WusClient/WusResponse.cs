using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace Digipoort.WusClient;

/// <summary>A fault's Digipoort detail: foutcode and foutbeschrijving.</summary>
public sealed record WusFault(string Foutcode, string Foutbeschrijving, string FaultCode, string FaultString);

/// <summary>
/// An answer of the gateway: the parsed envelope, the operation's response element (or the fault), and
/// whether the signature verified (responses are signed; faults are not, as Digipoort's are not).
/// </summary>
public sealed record WusResponse(
    int HttpStatus,
    string? ContentType,
    XmlDocument Envelope,
    XmlElement? Payload,
    WusFault? Fault,
    X509Certificate2? SignedBy,
    string? SignatureError,
    TimeSpan? RetryAfter)
{
    public bool IsFault => Fault is not null;

    /// <summary>The text of a WS-Addressing header of the response.</summary>
    public string? Addressing(string localName) =>
        Envelope.DocumentElement?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "Header")?
            .ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == localName && e.NamespaceURI == "http://www.w3.org/2005/08/addressing")?
            .InnerText;
}
