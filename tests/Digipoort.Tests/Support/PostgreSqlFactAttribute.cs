namespace Digipoort.Tests.Support;

/// <summary>
/// A test that needs a PostgreSQL server (<c>DIGIPOORT_TEST_POSTGRES</c>, see <see cref="TestJournal"/>); skipped with the
/// reason when none is configured. CI always configures one (.ci/run).
/// </summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (TestJournal.PostgreSqlServer is null)
            Skip = $"Needs PostgreSQL: set {TestJournal.ServerVariable} (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres).";
    }
}
