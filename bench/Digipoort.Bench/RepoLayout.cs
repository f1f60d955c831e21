namespace Digipoort.Bench;

/// <summary>Where the repository's files are, so that the bench can be started from any folder inside it.</summary>
internal sealed record RepoLayout(string Root)
{
    public string NodeProject => Path.Combine(Root, "src", "Node");

    public string DefaultNodeDll => Path.Combine(NodeProject, "bin", "Release", "net10.0", "Digipoort.Node.dll");

    public string DefaultResultsFile(DateTimeOffset startedAt) =>
        Path.Combine(Root, "bench", "results", $"throughput-{startedAt.UtcDateTime:yyyyMMdd-HHmmss}Z.md");

    /// <summary>The Omzetbelasting catalogue entry the node seeds its data folder with (copied beside its binaries).</summary>
    public static string CatalogueEntry(string nodeDll) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(nodeDll))!, "catalogue", "Omzetbelasting");

    /// <summary>The nearest folder holding Digipoort.sln, from the working directory or else from the bench's binaries.</summary>
    public static RepoLayout Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Digipoort.sln"))) return new RepoLayout(folder.FullName);
            }
        }
        throw new BenchException("Digipoort.sln not found above the working directory or the bench's binaries; run from the repository.");
    }
}

/// <summary>A failure the bench explains itself; Program prints the message without a stack trace.</summary>
internal sealed class BenchException(string message, Exception? inner = null) : Exception(message, inner);
