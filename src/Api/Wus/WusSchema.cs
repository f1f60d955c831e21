using System.Xml;
using System.Xml.Schema;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Api.Wus;

/// <summary>The koppelvlak schema this gateway serves and validates request bodies against (compiled once).</summary>
public static class WusSchema
{
    public const string FileName = "digipoort-koppelvlak-1.2.xsd";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var resource = typeof(WusSchema).Assembly.GetManifestResourceStream(typeof(WusSchema).Namespace + ".Contract." + FileName)
            ?? throw new InvalidOperationException("The koppelvlak schema is not embedded.");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    });

    private static readonly Lazy<XmlSchemaSet> Compiled = new(() =>
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(Document.Value), SafeXml.CreateReaderSettings());
        set.Add(null, reader);
        set.Compile();
        return set;
    });

    /// <summary>The schema document as served.</summary>
    public static ReadOnlyMemory<byte> Bytes => Document.Value;

    public static XmlSchemaSet Set => Compiled.Value;

    /// <summary>The schema errors of an element (at most a few), empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(XmlElement element)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Set, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (errors.Count < 5) errors.Add($"{e.Message}");
        };
        using var reader = XmlReader.Create(new XmlNodeReader(element), settings);
        while (reader.Read()) { }
        return errors;
    }
}
