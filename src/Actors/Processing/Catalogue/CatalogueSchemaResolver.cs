using System.Xml;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// Opens the schema files of one catalogue entry for <see cref="System.Xml.Schema.XmlSchemaSet"/>: confined to
/// the entry's folder (<see cref="LocalSchemaResolver"/>) and read with <see cref="TrustedSchemaXml"/>'s settings.
/// The set reads an include or import through the reader returned here; a stream would be read with its own
/// settings, which prohibit every DTD. The reader shares the set's name table: the set compares names by reference.
/// </summary>
internal sealed class CatalogueSchemaResolver(string folder, XmlNameTable names) : XmlResolver
{
    private readonly LocalSchemaResolver _files = new(folder);

    public override Uri ResolveUri(Uri? baseUri, string? relativeUri) => _files.ResolveUri(baseUri, relativeUri);

    public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
    {
        if (ofObjectToReturn is not null && ofObjectToReturn != typeof(XmlReader) && ofObjectToReturn != typeof(object))
            throw new XmlException($"Schema location '{absoluteUri}' refused: only schema readers are supported.");
        var stream = (Stream)_files.GetEntity(absoluteUri, role, typeof(Stream));
        return TrustedSchemaXml.CreateReader(stream, absoluteUri, names);
    }
}
