using System.Xml;
using System.Xml.Linq;
using Digipoort.Actors.Domain;
using Digipoort.Api.Problems;
using Digipoort.Api.Wus.Reading;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus.Operations;

/// <summary>One verified request, ready for its operation.</summary>
internal sealed record WusCall(WusOperation Operation, WusRequest Request, SenderIdentity Requester, CancellationToken CancellationToken)
{
    public XmlElement Payload => Request.Payload!;
}

/// <summary>What an operation answers: the response element (with the documents it streams in, if any), or a fault.</summary>
internal sealed record WusResult(XElement? Response, Fault? Fault, IReadOnlyList<StreamedContent>? Streamed = null)
{
    public static implicit operator WusResult(XElement response) => new(response, null);
    public static implicit operator WusResult(Fault fault) => new(null, fault);
}

/// <summary>Reads the (schema-valid) elements of a request payload, all in the koppelvlak namespace.</summary>
internal static class Kv
{
    public static readonly XNamespace Ns = WusNamespaces.Koppelvlak;

    public static XmlElement? Element(XmlElement parent, string name) => SoapEnvelope.Child(parent, name, WusNamespaces.Koppelvlak);

    public static IEnumerable<XmlElement> Elements(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name && e.NamespaceURI == WusNamespaces.Koppelvlak);

    public static string? Text(XmlElement parent, string name) => Element(parent, name)?.InnerText;

    public static Identiteit? Identiteit(XmlElement parent, string name) =>
        Element(parent, name) is { } identiteit
            ? new Identiteit(Collapse(Text(identiteit, "nummer")), Collapse(Text(identiteit, "type")))
            : null;

    /// <summary>An optional xsd:dateTime; the schema has checked its form.</summary>
    public static DateTimeOffset? Time(XmlElement parent, string name) =>
        Text(parent, name) is { } text && Timestamps.TryParse(text, out var at) ? at : null;

    /// <summary>normalizedString with whitespace collapse, as the schema reads it.</summary>
    public static string Collapse(string? text) => string.Join(' ', (text ?? "").Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    public static XElement Identiteit(string name, Identiteit identiteit) =>
        new(Ns + name, new XElement(Ns + "nummer", identiteit.Nummer), new XElement(Ns + "type", identiteit.Type));

    /// <summary>An element, or nothing when the value is absent (optional elements are left out, never empty).</summary>
    public static XElement? Optional(string name, string? value) => value is null ? null : new XElement(Ns + name, value);
}
