namespace Digipoort.Tests.Support;

/// <summary>A fact that needs PostgreSQL: reported as skipped, not as passed, where none is configured (see <see cref="PostgreSqlTestDatabase"/>).</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (PostgreSqlTestDatabase.SkipReason is { } reason)
            Skip = reason;
    }
}
