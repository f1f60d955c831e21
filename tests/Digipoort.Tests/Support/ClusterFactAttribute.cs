namespace Digipoort.Tests.Support;

/// <summary>
/// A test that runs several whole nodes on PostgreSQL at once. It needs PostgreSQL (<see cref="PostgreSqlFactAttribute"/>) and
/// is opt-in (<c>DIGIPOORT_TEST_CLUSTER=1</c>): on two shared cores with the rest of the suite running beside it, its
/// nodes' joins and rebalances were at times slower than its deadlines, so it is run on its own (README, "Run a cluster").
/// </summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public const string Variable = "DIGIPOORT_TEST_CLUSTER";

    public ClusterFactAttribute()
    {
        if (PostgreSqlTestDatabase.SkipReason is { } reason) Skip = reason;
        else if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"Multi-node cluster test: opt in with {Variable}=1 (run on its own, see README \"Run a cluster\").";
    }
}
