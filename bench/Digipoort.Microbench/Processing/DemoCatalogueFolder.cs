using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Microbench.Processing;

/// <summary>The demo catalogue in the source tree (src/Node/catalogue), found from wherever BenchmarkDotNet runs the build.</summary>
internal static class DemoCatalogueFolder
{
    public static string Root { get; } = Find();

    private static readonly Lazy<FolderMessageTypeCatalogue> Loaded = new(() => FolderMessageTypeCatalogue.Load(Root));

    public static string Entry(string berichtsoort) => Path.Combine(Root, berichtsoort);

    public static MessageType Type(string berichtsoort) =>
        Loaded.Value.TryGet(berichtsoort, out var type) ? type : throw new InvalidOperationException($"{berichtsoort} is not in {Root}");

    public static byte[] Sample(string berichtsoort, string fileName) =>
        File.ReadAllBytes(Path.Combine(Entry(berichtsoort), "samples", fileName));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Digipoort.sln")))
                return Path.Combine(dir.FullName, "src", "Node", "catalogue");
        }
        throw new InvalidOperationException($"No Digipoort.sln above {AppContext.BaseDirectory}.");
    }
}
