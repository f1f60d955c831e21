using System.Text;
using System.Xml;
using System.Xml.Schema;

namespace Digipoort.Bench;

/// <summary>
/// The document every submission carries: the demo's valid Omzetbelasting return, padded to the size
/// asked for. The padding is one XML comment just before the closing root tag; comments are allowed
/// anywhere in element content and schema validation ignores them, so the return stays valid
/// (checked here against the catalogue's schema before any load is sent).
/// </summary>
internal static class BenchDocument
{
    private const string SampleFile = "samples/omzetbelasting-valid.xml";
    private const string SchemaFile = "schemas/omzetbelasting.xsd";
    private const string ClosingTag = "</Aangifte>";
    private const string CommentOpen = "<!-- ";
    private const string CommentClose = " -->\n";
    private const string Filler = "bench padding ";

    /// <summary>The padded document, UTF-8 without a byte order mark; never smaller than the sample itself.</summary>
    public static byte[] Build(string catalogueEntry, int targetBytes)
    {
        var samplePath = Path.Combine(catalogueEntry, SampleFile);
        if (!File.Exists(samplePath)) throw new BenchException($"Sample document not found: {samplePath}");
        var sample = File.ReadAllText(samplePath, Encoding.UTF8);
        var closing = sample.LastIndexOf(ClosingTag, StringComparison.Ordinal);
        if (closing < 0) throw new BenchException($"{samplePath} has no {ClosingTag}.");

        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        // The padding is ASCII, so its length in characters is its length in bytes.
        var room = targetBytes - utf8.GetByteCount(sample) - CommentOpen.Length - CommentClose.Length;
        if (room <= 0) return utf8.GetBytes(sample);

        var padding = new StringBuilder(room);
        while (padding.Length < room) padding.Append(Filler, 0, Math.Min(Filler.Length, room - padding.Length));
        // "--" cannot occur (the filler has no '-'), and a trailing space keeps "-->" well away from the text.
        var document = sample[..closing] + CommentOpen + padding + CommentClose + sample[closing..];
        return utf8.GetBytes(document);
    }

    /// <summary>
    /// Throws unless <paramref name="document"/> is valid against the catalogue entry's schema: an invalid
    /// document would be accepted (202) but never delivered, and the run would only show it as a timeout.
    /// </summary>
    public static void Validate(string catalogueEntry, byte[] document)
    {
        var schemaPath = Path.Combine(catalogueEntry, SchemaFile);
        var problems = new List<string>();
        // The schema includes and imports files beside it; the URL resolver reads them from that folder.
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        schemas.Add(null, schemaPath);
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = schemas,
            DtdProcessing = DtdProcessing.Prohibit,
            // Warnings matter too: "no schema information for element" means the document was not checked at all.
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) => problems.Add($"line {e.Exception.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(new MemoryStream(document, writable: false), settings))
        {
            while (reader.Read())
            {
            }
        }
        if (problems.Count > 0) throw new BenchException($"The bench document is not valid against {schemaPath}: {string.Join("; ", problems.Take(3))}");
    }
}
