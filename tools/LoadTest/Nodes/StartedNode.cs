using System.Text.Json;
using Digipoort.LoadTest.Machine;

namespace Digipoort.LoadTest.Nodes;

/// <summary>
/// A node the tool starts itself (--start-node): a fresh data folder under the temp folder, every
/// recipient it knows (its appsettings.json and the catalogue's manifests) pointed at the counting
/// recipient, its memory sampled throughout. Disposing kills it and removes the folder.
/// </summary>
public sealed class StartedNode : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    private readonly string _dataDirectory;

    private StartedNode(NodeProcess process, ProcessSampler sampler, string dataDirectory, IReadOnlyList<string> arguments)
    {
        Process = process;
        Sampler = sampler;
        _dataDirectory = dataDirectory;
        Arguments = arguments;
    }

    public NodeProcess Process { get; }
    public ProcessSampler Sampler { get; }

    /// <summary>The node's settings as given (for the report).</summary>
    public IReadOnlyList<string> Arguments { get; }

    public static async Task BuildAsync(RepoLayout repo, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("building src/Node (Release)…");
        var (exit, output) = await ExternalCommand.RunAsync("dotnet", ["build", "-c", "Release", repo.NodeProject, "--nologo", "-v:q"],
            repo.Root, BuildTimeout, cancellationToken);
        if (exit != 0) throw new LoadTestException($"dotnet build -c Release src/Node failed (exit {exit}):{Environment.NewLine}{output}");
    }

    public static async Task<StartedNode> StartAsync(string nodeDll, IReadOnlyList<string> catalogueRecipients, Func<string, Uri> endpointFor,
        bool tls, IReadOnlyList<string> extraArguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(nodeDll)) throw new LoadTestException($"Node not found: {nodeDll}");
        var recipients = ConfiguredRecipients(nodeDll).Concat(catalogueRecipients).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, endpointFor, StringComparer.Ordinal);
        var dataDirectory = Directory.CreateTempSubdirectory("digipoort-loadtest-").FullName;
        var process = NodeProcess.Start(nodeDll, dataDirectory, recipients, tls, extraArguments);
        var sampler = ProcessSampler.Start(process.Pid);
        var node = new StartedNode(process, sampler, dataDirectory,
            [.. recipients.Select(r => $"Recipients:{r.Key}:Endpoint={r.Value}"), .. extraArguments]);
        try
        {
            using var health = new HttpClient();
            var ready = await process.WaitUntilReadyAsync(health, ReadyDeadline, cancellationToken);
            Console.Error.WriteLine($"node pid {process.Pid} ready after {ready.TotalSeconds:0.0} s at {process.ApiAddress}, data in {dataDirectory}");
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sampler.DisposeAsync();
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not remove {_dataDirectory}: {e.Message}");
        }
    }

    /// <summary>
    /// The recipient ids under Digipoort:Recipients in the appsettings.json beside the node: recipients routed to by
    /// a document value (such as a buyer's OIN) are named there only, not in the catalogue's manifests.
    /// </summary>
    public static IEnumerable<string> ConfiguredRecipients(string nodeDll)
    {
        var settings = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(nodeDll))!, "appsettings.json");
        if (!File.Exists(settings)) return [];
        using var json = JsonDocument.Parse(File.ReadAllBytes(settings), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return json.RootElement.TryGetProperty("Digipoort", out var digipoort) && digipoort.TryGetProperty("Recipients", out var recipients)
            ? [.. recipients.EnumerateObject().Select(r => r.Name)]
            : [];
    }
}
