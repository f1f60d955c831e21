using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Actors.Storage.PostgreSql;
using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;

namespace Digipoort.Node.Composition;

/// <summary>The blob store that <c>Digipoort:Blobs</c> chooses, with what a crash left in its staging folder swept away.</summary>
public static class BlobStoreFactory
{
    /// <summary>Far above the longest plausible upload, so a sweep at startup never takes one that is still running.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private const string Section = NodeOptions.Section + ":" + nameof(NodeOptions.Blobs);

    /// <param name="dataRoot">The node's data folder (the full path).</param>
    public static IBlobStore Create(NodeOptions options, string dataRoot, BlobKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Blobs.Store)
        {
            case BlobStoreKind.Folder:
                var folder = new FileBlobStore(FolderOf(options, dataRoot), keys);
                folder.DeleteAbandonedStagingFiles(AbandonedAfter);
                return folder;
            case BlobStoreKind.PostgreSql:
                var database = new PostgreSqlBlobStore(ConnectionStringOf(options), StagingFolderOf(dataRoot), keys);
                database.DeleteAbandonedStagingFiles(AbandonedAfter);
                return database;
            default:
                throw new InvalidOperationException($"{Section}:Store '{options.Blobs.Store}' is not a blob store (Folder or PostgreSql).");
        }
    }

    /// <summary>The folder of the <see cref="BlobStoreKind.Folder"/> store.</summary>
    public static string FolderOf(NodeOptions options, string dataRoot) =>
        options.Blobs.Directory is { Length: > 0 } configured ? Path.GetFullPath(configured) : DataFolder.BlobDirectoryOf(dataRoot);

    /// <summary>Where a node stages uploads for the <see cref="BlobStoreKind.PostgreSql"/> store: local, as nobody else reads them.</summary>
    public static string StagingFolderOf(string dataRoot) => Path.Combine(dataRoot, "blob-staging");

    /// <summary>The database of the <see cref="BlobStoreKind.PostgreSql"/> store; a node without one refuses to start.</summary>
    public static string ConnectionStringOf(NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Blobs.ConnectionString is { Length: > 0 } configured)
            return configured;
        // A cluster on PostgreSQL names its one database once: the blobs go beside the journal unless told otherwise.
        if (options.Journal is { Provider: JournalProvider.PostgreSql, ConnectionString: { Length: > 0 } journal })
            return journal;
        throw new InvalidOperationException(
            $"{Section}:Store is PostgreSql but neither {Section}:ConnectionString nor a PostgreSQL journal " +
            "(Digipoort:Journal:Provider=PostgreSql with its ConnectionString) names the database " +
            "(an Npgsql connection string, e.g. Host=db.example;Database=digipoort;Username=digipoort;Password=…).");
    }
}
