using LinqToDB;
using LinqToDB.Data;

namespace Digipoort.Actors.Storage.Journal;

/// <summary>
/// The query behind <see cref="HighestSequenceNrBatcher"/>: the highest sequence number of each of many persistence
/// ids in the journal table, through the journal's own database (SQLite or PostgreSQL). It reads what the plugin's
/// own single-id query reads (the journal rows, deleted or not), along the same unique index (persistence_id, sequence_number).
/// </summary>
public sealed class JournalHighestSequenceNrs(DataOptions options, string journalTable)
{
    public async Task<IReadOnlyDictionary<string, long>> QueryAsync(IReadOnlyCollection<string> persistenceIds, CancellationToken cancellationToken)
    {
        if (persistenceIds.Count == 0) return new Dictionary<string, long>();
        var parameters = persistenceIds.Select((id, i) => new DataParameter("p" + i, id, DataType.NVarChar)).ToArray();
        var names = string.Join(", ", parameters.Select(p => "@" + p.Name));
        await using var db = new DataConnection(options);
        var rows = await db.QueryToListAsync<HighestRow>(
            $"SELECT persistence_id AS PersistenceId, MAX(sequence_number) AS Highest FROM {journalTable} " +
            $"WHERE persistence_id IN ({names}) GROUP BY persistence_id",
            cancellationToken, parameters);
        return rows.ToDictionary(r => r.PersistenceId, r => r.Highest, StringComparer.Ordinal);
    }

    private sealed class HighestRow
    {
        public string PersistenceId { get; set; } = "";
        public long Highest { get; set; }
    }
}
