using System.Xml;
using Digipoort.Actors.Storage;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus.Reading;

/// <summary>
/// An envelope as read from the wire: the DOM of its header and body, except that each <c>inhoud</c>
/// was streamed into staging (its element is left empty in the DOM) and the Body's digest was taken
/// on the way. The staged content belongs to the submission's staging, which discards what nobody committed.
/// </summary>
internal sealed class WusRequest(XmlDocument document, PrecomputedDigest? bodyDigest, IReadOnlyDictionary<XmlElement, StagedBlob> contents)
{
    public XmlDocument Document { get; } = document;
    public XmlElement? Header => SoapEnvelope.Child(Document.DocumentElement!, "Header", WusNamespaces.Soap11);
    public XmlElement Body => SoapEnvelope.Body(Document);

    /// <summary>The operation element: the Body's one child element (null when the Body holds none).</summary>
    public XmlElement? Payload => Body.ChildNodes.OfType<XmlElement>().FirstOrDefault();

    public PrecomputedDigest? BodyDigest { get; } = bodyDigest;

    /// <summary>The staged content of each streamed <c>inhoud</c> element.</summary>
    public IReadOnlyDictionary<XmlElement, StagedBlob> Contents { get; } = contents;

    /// <summary>The text of a WS-Addressing header (trimmed), or null when absent.</summary>
    public string? Addressing(string localName) =>
        Header is { } header ? SoapEnvelope.Child(header, localName, WusNamespaces.Addressing)?.InnerText.Trim() : null;
}
