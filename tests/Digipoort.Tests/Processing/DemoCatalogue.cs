using System.Text;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Tests.Processing;

/// <summary>The demo catalogue the node ships, as copied to the test output, loaded once.</summary>
internal static class DemoCatalogue
{
    public const string Namespace = "urn:digipoort:demo:omzetbelasting:1.0";

    public static string Root => Path.Combine(AppContext.BaseDirectory, "catalogue");

    private static readonly Lazy<FolderMessageTypeCatalogue> Loaded = new(() => FolderMessageTypeCatalogue.Load(Root));

    public static FolderMessageTypeCatalogue Catalogue => Loaded.Value;

    public static MessageType Omzetbelasting =>
        Catalogue.TryGet("Omzetbelasting", out var type) ? type : throw new InvalidOperationException("Omzetbelasting missing");

    public static byte[] Sample(string fileName) =>
        File.ReadAllBytes(Path.Combine(Root, "Omzetbelasting", "samples", fileName));

    public static MemoryStream ValidSample() => new(Sample("omzetbelasting-valid.xml"));

    public static MemoryStream InvalidSample() => new(Sample("omzetbelasting-invalid.xml"));

    public static MemoryStream Utf8(string xml) => new(Encoding.UTF8.GetBytes(xml));

    /// <summary>
    /// An Omzetbelasting return with the given belastingplichtige and rubrieken elements (as XML) in place,
    /// otherwise valid.
    /// </summary>
    public static string Aangifte(string nummer = "123456789B01", string rubrieken = "<Rubriek code=\"1a\"><Omzet>100.00</Omzet></Rubriek>") => $"""
        <Aangifte xmlns="{Namespace}">
          <Belastingplichtige><OmzetbelastingNummer>{nummer}</OmzetbelastingNummer><Naam>Test B.V.</Naam></Belastingplichtige>
          <Tijdvak><Begin>2025-01-01</Begin><Eind>2025-03-31</Eind></Tijdvak>
          {rubrieken}
          <TeBetalen>0.00</TeBetalen>
        </Aangifte>
        """;
}
