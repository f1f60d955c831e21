namespace Digipoort.LoadTest.Machine;

/// <summary>Where the repository's files are, so that the tool can be started from any folder inside it.</summary>
public sealed record RepoLayout(string Root)
{
    public string NodeProject => Path.Combine(Root, "src", "Node");

    public string DefaultNodeDll => Path.Combine(NodeProject, "bin", "Release", "net10.0", "Digipoort.Node.dll");

    /// <summary>The demo catalogue the node seeds its data folder with.</summary>
    public string DemoCatalogue => Path.Combine(NodeProject, "catalogue");

    /// <summary>The catalogue copied beside a node's binaries (what that node seeds its data folder with).</summary>
    public static string CatalogueBeside(string nodeDll) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(nodeDll))!, "catalogue");

    /// <summary>The nearest folder holding Digipoort.sln, from the working directory or else from the tool's binaries; null outside the repository.</summary>
    public static RepoLayout? TryFind()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Digipoort.sln"))) return new RepoLayout(folder.FullName);
            }
        }
        return null;
    }

    public static RepoLayout Find() =>
        TryFind() ?? throw new LoadTestException("Digipoort.sln not found above the working directory or the tool's binaries; run from the repository or pass --catalogue.");
}

/// <summary>A failure the tool explains itself; Program prints the message without a stack trace.</summary>
public sealed class LoadTestException(string message, Exception? inner = null) : Exception(message, inner);
