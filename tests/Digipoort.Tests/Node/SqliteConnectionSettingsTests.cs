using Digipoort.Node.Composition;
using Digipoort.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Digipoort.Tests.Node;

public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Theory]
    [InlineData(SqliteSynchronous.Full, 2)]
    [InlineData(SqliteSynchronous.Normal, 1)]
    public async Task Each_opened_journal_connection_waits_for_the_write_lock_and_syncs_as_configured(
        SqliteSynchronous synchronous, long expected)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.Path, "j.db")}");
        await connection.OpenAsync();

        await new SqliteConnectionSettings(TimeSpan.FromSeconds(30), synchronous).ConnectionOpenedAsync(default, connection, CancellationToken.None);

        Assert.Equal(30000L, await ScalarAsync(connection, "PRAGMA busy_timeout;"));
        Assert.Equal(expected, await ScalarAsync(connection, "PRAGMA synchronous;"));
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => _folder.Dispose();
}
