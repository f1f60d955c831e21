using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Actors.Storage;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus.Reading;

/// <summary>
/// Reads a SOAP 1.1 envelope in one streaming pass with the project's safe reader settings (no DTD, no
/// resolver) and the <see cref="WusReadLimits"/>. The header becomes a DOM; the Body becomes a DOM too,
/// but each <c>inhoud</c> of the koppelvlak is base64-decoded straight into staging while the Body's
/// exclusive-c14n digest is taken from the same characters, so a 20 MiB document is never held in memory.
/// Processing instructions are refused (SOAP 1.1 forbids them).
/// <para>
/// In an MTOM request (<see cref="MtomPackage"/>) an <c>inhoud</c> may instead be one <c>xop:Include</c>
/// of a staged MIME part: that part becomes the content, and the Body is digested over the
/// XOP-deserialized infoset that WCF and CXF sign, i.e. the base64 of the part's bytes in place of the
/// Include (read back from staging in chunks, never whole). xop:Include anywhere else is refused.
/// </para>
/// </summary>
internal static class WusEnvelopeReader
{
    private static readonly XmlReaderSettings Settings = CreateSettings();

    /// <param name="stage">
    /// Streams one inhoud into the staging that owns it (and discards it, also when reading fails); null reads inhoud as
    /// ordinary (bounded) text.
    /// </param>
    /// <param name="package">The staged MIME parts of an MTOM request, which xop:Include elements refer to; null for text/xml.</param>
    public static async Task<WusRequest> ReadAsync(Stream input, WusReadLimits limits,
        Func<Stream, CancellationToken, Task<StagedBlob>>? stage, CancellationToken cancellationToken, MtomPackage? package = null)
    {
        var contents = new Dictionary<XmlElement, StagedBlob>();
        var state = new ReadState(XmlReader.Create(input, Settings), new XmlDocument { PreserveWhitespace = true, XmlResolver = null },
            limits, stage, package, contents, cancellationToken);
        using (state.Reader)
        {
            var digest = await ReadEnvelopeAsync(state);
            return new WusRequest(state.Document, digest, contents);
        }
    }

    private static XmlReaderSettings CreateSettings()
    {
        var settings = SafeXml.CreateReaderSettings();
        settings.Async = true;
        settings.IgnoreComments = true;
        return settings;
    }

    private static async Task<PrecomputedDigest?> ReadEnvelopeAsync(ReadState state)
    {
        var reader = state.Reader;
        if (await reader.MoveToContentAsync() != XmlNodeType.Element || reader.LocalName != "Envelope")
            throw new WusProtocolException("The body is not a SOAP envelope.");
        if (reader.NamespaceURI != WusNamespaces.Soap11)
            throw new WusProtocolException($"Only SOAP 1.1 envelopes ({WusNamespaces.Soap11}) are accepted.");
        var envelope = CreateElement(state, depth: 1);
        state.Document.AppendChild(envelope.Element);
        if (reader.IsEmptyElement) throw new WusProtocolException("The SOAP envelope has no Body.");

        PrecomputedDigest? digest = null;
        var sawBody = false;
        while (await reader.ReadAsync())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.NamespaceURI == WusNamespaces.Soap11 && reader.LocalName == "Header" && !sawBody
                                              && state.Document.DocumentElement!.ChildNodes.Count == 0:
                    await ReadSubtreeAsync(state, state.Document.DocumentElement, canonical: null);
                    break;
                case XmlNodeType.Element when reader.NamespaceURI == WusNamespaces.Soap11 && reader.LocalName == "Body" && !sawBody:
                    sawBody = true;
                    digest = await ReadBodyAsync(state);
                    break;
                case XmlNodeType.Element:
                    throw new WusProtocolException($"Unexpected element {reader.Name} in the SOAP envelope.");
                case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    break;
                case XmlNodeType.EndElement:
                    if (!sawBody) throw new WusProtocolException("The SOAP envelope has no Body.");
                    return digest;
                case XmlNodeType.ProcessingInstruction:
                    throw new WusProtocolException("A SOAP message must not contain processing instructions.");
                default:
                    throw new WusProtocolException($"Unexpected {reader.NodeType} in the SOAP envelope.");
            }
        }
        throw new WusProtocolException("The SOAP envelope is incomplete.");
    }

    /// <summary>Reads the Body, digesting it for the signature reference that names it (if any).</summary>
    private static async Task<PrecomputedDigest?> ReadBodyAsync(ReadState state)
    {
        var header = SoapEnvelope.Child(state.Document.DocumentElement!, "Header", WusNamespaces.Soap11);
        var (security, _) = WsSecurityVerifier.FindSecurity(header);
        var ids = BodyIds(state.Reader);
        var envelope = state.Document.DocumentElement!;
        var (id, reference) = security is null ? default
            : ids.Select(id => (Id: id, Reference: WsSecurityVerifier.ReferenceFor(security, id))).FirstOrDefault(x => x.Reference is not null);
        if (reference is null)
        {
            await ReadSubtreeAsync(state, envelope, canonical: null);
            return null;
        }

        using var hash = IncrementalHash.CreateHash(reference.Algorithm);
        var canonical = new ExclusiveCanonicalWriter(hash, null, ExclusiveCanonicalization.InScopeOf(envelope), reference.InclusivePrefixes);
        await ReadSubtreeAsync(state, envelope, canonical);
        canonical.Flush();
        return new PrecomputedDigest(id, hash.GetHashAndReset());
    }

    private static List<string> BodyIds(XmlReader reader)
    {
        var ids = new List<string>();
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.LocalName == "Id" && (reader.NamespaceURI == WusNamespaces.Utility || reader.NamespaceURI.Length == 0))
                    ids.Add(reader.Value);
            } while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        return ids;
    }

    /// <summary>Reads the element the reader is on, with everything in it, into <paramref name="parent"/>.</summary>
    private static async Task ReadSubtreeAsync(ReadState state, XmlElement parent, ExclusiveCanonicalWriter? canonical)
    {
        var reader = state.Reader;
        var open = new Stack<XmlElement>();
        var baseDepth = reader.Depth;
        var advance = false;
        do
        {
            if (advance && !await reader.ReadAsync()) throw new WusProtocolException("The SOAP envelope is incomplete.");
            advance = true;
            state.CancellationToken.ThrowIfCancellationRequested();
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    {
                        var (element, attributes) = CreateElement(state, reader.Depth + 1);
                        (open.Count == 0 ? parent : open.Peek()).AppendChild(element);
                        canonical?.StartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI, attributes);
                        if (reader.IsEmptyElement)
                        {
                            canonical?.EndElement();
                            if (state.Stage is not null && IsInhoud(element)) state.Contents[element] = await state.Stage(Stream.Null, state.CancellationToken);
                            if (open.Count == 0) return;
                            break;
                        }
                        open.Push(element);
                        if (state.Stage is not null && IsInhoud(element))
                        {
                            if (!await reader.ReadAsync()) throw new WusProtocolException("The SOAP envelope is incomplete.");
                            state.Contents[element] = IsXopInclude(reader)
                                ? await ReadXopIncludeAsync(state, canonical)
                                : await state.Stage(new InhoudStream(reader, canonical), state.CancellationToken);
                            advance = false; // both stopped on inhoud's end tag: handle it next
                        }
                        break;
                    }
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    {
                        var text = await ReadTextAsync(reader, state.Limits.MaxTextLength);
                        open.Peek().AppendChild(reader.NodeType is XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace
                            ? state.Document.CreateWhitespace(text)
                            : state.Document.CreateTextNode(text));
                        canonical?.Text(text);
                        advance = false; // ReadValueChunk-style reading leaves the reader on the next node
                        break;
                    }
                case XmlNodeType.EndElement:
                    open.Pop();
                    canonical?.EndElement();
                    if (open.Count == 0 && reader.Depth == baseDepth) return;
                    break;
                case XmlNodeType.ProcessingInstruction:
                    throw new WusProtocolException("A SOAP message must not contain processing instructions.");
                default:
                    throw new WusProtocolException($"Unexpected {reader.NodeType} in the SOAP envelope.");
            }
        } while (true);
    }

    /// <summary>Reads a text node in chunks, refusing it past <paramref name="maxLength"/>; leaves the reader on the next node.</summary>
    private static async Task<string> ReadTextAsync(XmlReader reader, int maxLength)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadValueChunkAsync(buffer, 0, buffer.Length)) > 0)
        {
            if (text.Length + read > maxLength) throw new WusProtocolException($"A text value is longer than {maxLength} characters.");
            text.Append(buffer, 0, read);
        }
        if (!await reader.ReadAsync()) throw new WusProtocolException("The SOAP envelope is incomplete.");
        return text.ToString();
    }

    private static bool IsInhoud(XmlElement element) => element.LocalName == "inhoud" && element.NamespaceURI == WusNamespaces.Koppelvlak;

    private static bool IsXopInclude(XmlReader reader) =>
        reader.NodeType == XmlNodeType.Element && reader.LocalName == "Include" && reader.NamespaceURI == WusNamespaces.Xop;

    /// <summary>
    /// The reader is on an xop:Include that is inhoud's first child: takes the MIME part it names, digests
    /// that part's base64 in its place, and leaves the reader on inhoud's end tag (the Include must be
    /// inhoud's only content, and empty, as XOP requires).
    /// </summary>
    private static async Task<StagedBlob> ReadXopIncludeAsync(ReadState state, ExclusiveCanonicalWriter? canonical)
    {
        var reader = state.Reader;
        if (state.Package is null) throw new WusProtocolException("xop:Include is only allowed in an MTOM request (multipart/related).");
        var href = reader.GetAttribute("href") ?? throw new WusProtocolException("xop:Include has no href.");
        if (!reader.IsEmptyElement && (!await reader.ReadAsync() || reader.NodeType != XmlNodeType.EndElement))
            throw new WusProtocolException("xop:Include must be empty.");
        if (!await reader.ReadAsync() || reader.NodeType != XmlNodeType.EndElement)
            throw new WusProtocolException("xop:Include must be the only content of inhoud.");
        var part = state.Package.Take(href);
        if (canonical is not null)
        {
            await using var content = part.OpenRead();
            await WriteBase64Async(content, canonical, state.CancellationToken);
        }
        return part;
    }

    /// <summary>Writes the canonical base64 (no line breaks) of <paramref name="content"/> as text, chunk by chunk.</summary>
    private static async Task WriteBase64Async(Stream content, ExclusiveCanonicalWriter canonical, CancellationToken cancellationToken)
    {
        var bytes = new byte[48 * 1024]; // a multiple of 3, so that only the last chunk is padded
        var chars = new char[bytes.Length / 3 * 4];
        while (true)
        {
            var filled = 0;
            int read;
            while (filled < bytes.Length && (read = await content.ReadAsync(bytes.AsMemory(filled), cancellationToken)) > 0) filled += read;
            if (filled == 0) return;
            Convert.TryToBase64Chars(bytes.AsSpan(0, filled), chars, out var written);
            canonical.Text(chars.AsSpan(0, written));
            if (filled < bytes.Length) return;
        }
    }

    private static (XmlElement Element, List<XmlAttributeValue> Attributes) CreateElement(ReadState state, int depth)
    {
        var reader = state.Reader;
        if (reader.NamespaceURI == WusNamespaces.Xop)
            throw new WusProtocolException($"{reader.Name} is only allowed as the whole content of an inhoud element (MTOM).");
        if (depth > state.Limits.MaxDepth) throw new WusProtocolException($"The envelope is nested deeper than {state.Limits.MaxDepth} levels.");
        if (++state.Elements > state.Limits.MaxElements) throw new WusProtocolException($"The envelope has more than {state.Limits.MaxElements} elements.");
        var element = state.Document.CreateElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
        var attributes = new List<XmlAttributeValue>(reader.AttributeCount);
        if (reader.AttributeCount > state.Limits.MaxAttributes)
            throw new WusProtocolException($"An element has more than {state.Limits.MaxAttributes} attributes.");
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.Value.Length > state.Limits.MaxTextLength)
                    throw new WusProtocolException($"An attribute value is longer than {state.Limits.MaxTextLength} characters.");
                var attribute = state.Document.CreateAttribute(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                attribute.Value = reader.Value;
                element.Attributes.Append(attribute);
                attributes.Add(new XmlAttributeValue(reader.Prefix, reader.LocalName, reader.NamespaceURI, reader.Value));
            } while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        return (element, attributes);
    }

    private sealed class ReadState(XmlReader reader, XmlDocument document, WusReadLimits limits,
        Func<Stream, CancellationToken, Task<StagedBlob>>? stage, MtomPackage? package, Dictionary<XmlElement, StagedBlob> contents,
        CancellationToken cancellationToken)
    {
        public XmlReader Reader { get; } = reader;
        public XmlDocument Document { get; } = document;
        public WusReadLimits Limits { get; } = limits;
        public Func<Stream, CancellationToken, Task<StagedBlob>>? Stage { get; } = stage;
        public MtomPackage? Package { get; } = package;
        public Dictionary<XmlElement, StagedBlob> Contents { get; } = contents;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public int Elements { get; set; }
    }
}
