using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Tests.Processing;

/// <summary>A catalogue folder of real files under the temp directory, deleted on dispose.</summary>
internal sealed class TempCatalogue : IDisposable
{
    /// <summary>The smallest schema a berichtsoort can have: one root element, no namespace.</summary>
    public const string MinimalSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:element name="Bericht" type="xs:string"/>
        </xs:schema>
        """;

    /// <summary>The parent of <see cref="Root"/>, so tests can place files just outside the catalogue.</summary>
    public string Outside { get; } = Directory.CreateTempSubdirectory("digipoort-test-").FullName;

    public string Root => Path.Combine(Outside, "catalogue");

    public TempCatalogue() => Directory.CreateDirectory(Root);

    /// <summary>Writes a file relative to <see cref="Root"/> and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Adds a berichtsoort folder with a manifest listing <c>schema.xsd</c>, holding <paramref name="schema"/>.</summary>
    public string AddBerichtsoort(string folder, string berichtsoort, string schema = MinimalSchema)
    {
        Write(Path.Combine(folder, "manifest.json"), Manifest(berichtsoort, "schema.xsd"));
        Write(Path.Combine(folder, "schema.xsd"), schema);
        return Path.Combine(Root, folder);
    }

    public FolderMessageTypeCatalogue Load() => FolderMessageTypeCatalogue.Load(Root);

    public static string Manifest(string berichtsoort, string schema) => $$"""
        {
          "berichtsoort": "{{berichtsoort}}",
          "description": "Test berichtsoort",
          "version": "1.0",
          "schemas": ["{{schema}}"],
          "recipients": ["ontvanger"]
        }
        """;

    public void Dispose() => Directory.Delete(Outside, recursive: true);
}
