using System.Xml;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Reading the schema files of a catalogue entry, which the operator installed and so trusts, as what
/// published schema sets are: some begin with an internal DTD subset that declares entities and default
/// attributes (the W3C XML Signature schema that UBL 2.1–2.4 and many other standards import does). The
/// internal subset is processed, with its entity expansion capped; nothing outside the file is ever
/// resolved (an external DTD or external entity refuses the file). Submitted documents never come here:
/// they are read with <see cref="Validation.SafeXml"/> and keep refusing every DTD.
/// </summary>
internal static class TrustedSchemaXml
{
    /// <summary>
    /// The most characters entity references may expand to in one schema file. The XML Signature schema
    /// needs a few hundred; an expansion bomb hits this long before it costs memory or time.
    /// </summary>
    public const long MaxCharactersFromEntities = 64 * 1024;

    /// <summary>A schema file is no document stream: 32 M characters is far beyond any published schema.</summary>
    public const long MaxCharactersInDocument = 32L * 1024 * 1024;

    /// <summary>A reader over the schema file <paramref name="location"/>; it owns (and closes) <paramref name="content"/>.</summary>
    public static XmlReader CreateReader(Stream content, Uri location, XmlNameTable names)
    {
        var refusal = new ExternalReferenceRefusal(location);
        var reader = XmlReader.Create(content, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            // Consulted only for an external DTD subset or an external entity: both are refused there.
            XmlResolver = refusal,
            MaxCharactersFromEntities = MaxCharactersFromEntities,
            MaxCharactersInDocument = MaxCharactersInDocument,
            NameTable = names,
            CloseInput = true,
        }, location.AbsoluteUri);
        refusal.Reader = reader as IXmlLineInfo;
        return reader;
    }

    /// <summary>
    /// Refuses every external reference a DTD makes, before any I/O. The reader wraps what is thrown here in
    /// an exception of its own without the file's name, so the refusal carries the file and the position.
    /// </summary>
    private sealed class ExternalReferenceRefusal(Uri file) : XmlResolver
    {
        public IXmlLineInfo? Reader { get; set; }

        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            throw new SchemaFileRefusal(file, Reader?.LineNumber ?? 0, Reader?.LinePosition ?? 0,
                $"the external DTD or entity '{absoluteUri}' is refused: a catalogue schema may declare entities only in its internal DTD subset.");
    }
}

/// <summary>A catalogue schema file refused for what it holds, at a position in it.</summary>
internal sealed class SchemaFileRefusal(Uri file, int line, int position, string reason) : XmlException(reason)
{
    public Uri File { get; } = file;

    public int Line { get; } = line;

    public int Position { get; } = position;
}
