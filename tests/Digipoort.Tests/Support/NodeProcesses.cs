using System.Security.Cryptography.X509Certificates;
using Digipoort.LoadTest.Nodes;

namespace Digipoort.Tests.Support;

/// <summary>
/// Nodes as operating-system processes for tests that need a real crash: the load tool's <see cref="NodeProcess"/>
/// (the node binary from this test's output folder), with this run's development PKI and journal backend.
/// </summary>
public static class NodeProcesses
{
    /// <param name="port">The plain HTTP port: a node restarted on the same port is the same address to its clients.</param>
    /// <param name="settings">Configuration keys and values; they win over the defaults here.</param>
    public static async Task<NodeProcess> StartAsync(string dataDirectory, int port, IReadOnlyDictionary<string, string> settings)
    {
        string[] arguments =
        [
            $"--Digipoort:Tls:PkiDirectory={TestNode.SharedPkiDirectory}",
            .. TestJournal.SettingsFor(dataDirectory).Select(kv => $"--{kv.Key}={kv.Value}"),
            .. settings.Select(kv => $"--{kv.Key}={kv.Value}"),
        ];
        var node = NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "Digipoort.Node.dll"), dataDirectory,
            new Dictionary<string, Uri>(), tls: false, arguments, port);
        try
        {
            await node.WaitUntilReadyAsync(node.Client, TimeSpan.FromSeconds(60), CancellationToken.None);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the node's mutual-TLS listener presenting <paramref name="certificate"/> (e.g. the PKI's operator).</summary>
    public static HttpClient TlsClient(this NodeProcess node, X509Certificate2? certificate) =>
        MutualTlsClient.Create(node.TlsAddress, TestNode.SharedPkiDirectory, certificate);
}
