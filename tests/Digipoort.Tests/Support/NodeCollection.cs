namespace Digipoort.Tests.Support;

/// <summary>
/// Tests that start whole nodes run one after another: each node is an actor system, a journal and
/// a web server, and this machine has two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeCollection
{
    public const string Name = "Nodes";
}
