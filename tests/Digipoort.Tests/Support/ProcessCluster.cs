using System.Globalization;
using Digipoort.LoadTest.Nodes;

namespace Digipoort.Tests.Support;

/// <summary>
/// A cluster of real node processes on loopback, sharing one PostgreSQL database (journal, sharding, read models) and one
/// data folder (blob store, keys, development PKI, receipt certificate — what a shared file system gives a real cluster).
/// The first node is the seed; each later one is given every earlier node as a seed, so it can join while any lives.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly List<Member> _members = [];

    private ProcessCluster(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        _dataDirectory = dataDirectory;
        _settings = settings;
    }

    /// <summary>The nodes in the order they were started; a killed one stays in its place.</summary>
    public IReadOnlyList<NodeProcess> Nodes => [.. _members.Select(m => m.Node)];

    public IReadOnlyList<NodeProcess> Alive => [.. _members.Where(m => !m.Killed).Select(m => m.Node)];

    /// <param name="settings">Node settings for every node (e.g. recipients' endpoints); the journal is always PostgreSQL.</param>
    public static async Task<ProcessCluster> StartAsync(string dataDirectory, int nodes, IReadOnlyDictionary<string, string> settings)
    {
        var cluster = new ProcessCluster(dataDirectory, settings);
        try
        {
            // The first node alone: it creates the shared keys, PKI and certificate that the others then find.
            await cluster.AddNodeAsync();
            await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(_ => cluster.AddNodeAsync()));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>Starts one more node and waits until it is ready (an Up member with a reachable journal).</summary>
    public async Task<NodeProcess> AddNodeAsync()
    {
        var remotingPort = NodeProcess.FreePort();
        Member[] seeds;
        lock (_members) seeds = [.. _members];
        var settings = new Dictionary<string, string>(_settings)
        {
            ["Digipoort:Journal:Provider"] = "PostgreSql",
            ["Digipoort:Journal:ConnectionString"] = TestJournal.ConnectionStringFor(TestJournal.DatabaseFor(_dataDirectory)),
            ["Digipoort:Cluster:Port"] = remotingPort.ToString(CultureInfo.InvariantCulture),
        };
        var seedPorts = seeds.Length == 0 ? [remotingPort] : seeds.Select(s => s.RemotingPort).ToArray();
        for (var i = 0; i < seedPorts.Length; i++)
            settings[$"Digipoort:Cluster:SeedNodes:{i}"] = $"akka.tcp://digipoort@127.0.0.1:{seedPorts[i]}";

        var node = await NodeProcesses.StartAsync(_dataDirectory, NodeProcess.FreePort(), settings);
        lock (_members) _members.Add(new Member(node, remotingPort));
        return node;
    }

    /// <summary>SIGKILL to node <paramref name="index"/> (0-based, in start order).</summary>
    public void Kill(int index)
    {
        _members[index].Node.Kill();
        _members[index] = _members[index] with { Killed = true };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members) await member.Node.DisposeAsync();
    }

    private sealed record Member(NodeProcess Node, int RemotingPort, bool Killed = false);
}
