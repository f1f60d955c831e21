using System.Xml;
using System.Xml.Linq;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Actors.Processing.Transformation;

/// <summary>
/// Opens a stylesheet and each of its includes and imports inside the catalogue folder only (through
/// <see cref="LocalSchemaResolver"/>) and refuses any of them that holds <c>msxsl:script</c>. .NET skips
/// scripts when they are disabled and fails only when a script function is called, with a message that
/// does not say why; refusing at load tells the operator at once.
/// </summary>
internal sealed class StylesheetResolver(string folder) : XmlResolver
{
    private const string MsxslNamespace = "urn:schemas-microsoft-com:xslt";

    private readonly LocalSchemaResolver _files = new(folder, "Stylesheet");

    public override Uri ResolveUri(Uri? baseUri, string? relativeUri) => _files.ResolveUri(baseUri, relativeUri);

    public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
    {
        // Stylesheets are small: reading one twice (to look, then to compile) costs nothing worth keeping it open for.
        var content = new MemoryStream();
        using (var file = (Stream)_files.GetEntity(absoluteUri, role, ofObjectToReturn))
            file.CopyTo(content);

        content.Position = 0;
        using (var reader = XmlReader.Create(content, SafeXml.CreateReaderSettings()))
        {
            if (XDocument.Load(reader).Descendants(XName.Get("script", MsxslNamespace)).Any())
                throw new XmlException($"Stylesheet '{absoluteUri}' contains msxsl:script: scripts are not allowed.");
        }
        content.Position = 0;
        return content;
    }
}
