using Npgsql;

namespace Digipoort.Actors.Storage.PostgreSql;

/// <summary>
/// Creates the blob tables on first use. Every node may be the first: the check and the creation run
/// under one advisory lock, because <c>CREATE TABLE IF NOT EXISTS</c> alone still fails when two sessions
/// create the same table at the same moment (on the catalog's unique index).
/// <code>
/// blob_chunk(address, seq, bytes)  the stored (encrypted) bytes, in chunks of the blob's chunk_size
/// blob(address, size, stored_length, chunk_size, key_id, stored_at)  written last: a blob exists once this row does
/// </code>
/// </summary>
internal sealed class PostgreSqlBlobSchema
{
    /// <summary>Any fixed key ("DPBLOBS1"); nodes that start at once queue on it.</summary>
    private const long CreationLock = 0x4450_424C_4F42_5331;

    private const string Create = """
        CREATE TABLE IF NOT EXISTS blob_chunk (
            address bytea NOT NULL,
            seq integer NOT NULL,
            bytes bytea NOT NULL,
            PRIMARY KEY (address, seq));
        -- Ciphertext does not compress: storing it out of line as is spares every chunk a futile compression attempt.
        ALTER TABLE blob_chunk ALTER COLUMN bytes SET STORAGE EXTERNAL;
        CREATE TABLE IF NOT EXISTS blob (
            address bytea PRIMARY KEY,
            size bigint NOT NULL,
            stored_length bigint NOT NULL,
            chunk_size integer NOT NULL,
            key_id text NOT NULL,
            stored_at timestamptz NOT NULL DEFAULT now());
        """;

    private readonly Lock _gate = new();
    private volatile bool _ready;

    /// <summary>
    /// Creates the tables unless this process has seen them already. Synchronous on purpose: it runs once per
    /// process, and <see cref="IBlobStore.OpenRead"/>, which may be the first use, is synchronous too.
    /// </summary>
    public void EnsureCreated(NpgsqlConnection connection)
    {
        if (_ready)
            return;
        lock (_gate)
        {
            if (_ready)
                return;
            using var transaction = connection.BeginTransaction();
            using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({CreationLock})", connection))
                lockCommand.ExecuteNonQuery();
            // The blob table is created last, in the same transaction: when it exists, so does everything else,
            // and a node that finds it takes no table lock at all.
            bool exists;
            using (var check = new NpgsqlCommand("SELECT to_regclass('blob') IS NOT NULL", connection))
                exists = (bool)check.ExecuteScalar()!;
            if (!exists)
            {
                using var create = new NpgsqlCommand(Create, connection);
                create.ExecuteNonQuery();
            }
            transaction.Commit();
            _ready = true;
        }
    }
}
