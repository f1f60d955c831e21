using Digipoort.Actors.Storage;
using Digipoort.Node.Configuration;
using Microsoft.Data.Sqlite;

namespace Digipoort.Node.FirstRun;

/// <summary>
/// Prepares the data folder so that a fresh checkout runs with nothing set up by hand: the folder
/// itself (owner-only), the SQLite journal in WAL mode, and a catalogue seeded from the demo that
/// ships with the node.
/// </summary>
public sealed record DataFolder(string Root, string JournalConnectionString, string CatalogueDirectory, string BlobDirectory)
{
    /// <summary>The development receipt-signing certificate and its key (see <see cref="ReceiptSigningCertificate"/>).</summary>
    public string ReceiptDirectory => Path.Combine(Root, "receipts");

    public static DataFolder Prepare(NodeOptions options)
    {
        var root = Path.GetFullPath(options.DataDirectory);
        OwnerOnlyPaths.CreateDirectory(root);

        var connectionString = options.Journal.ConnectionString
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(root, "journal.db") }.ToString();
        EnableWriteAheadLog(connectionString);

        var catalogue = options.CatalogueDirectory is { } configured ? Path.GetFullPath(configured) : Path.Combine(root, "catalogue");
        if (options.CatalogueDirectory is null && !Directory.Exists(catalogue))
            CopyDirectory(Path.Combine(AppContext.BaseDirectory, "catalogue"), catalogue);

        return new DataFolder(root, connectionString, catalogue, BlobDirectoryOf(root));
    }

    /// <summary>The blob store's folder in the data folder at <paramref name="root"/>.</summary>
    public static string BlobDirectoryOf(string root) => Path.Combine(root, "blobs");

    /// <summary>The development PKI's default folder in the data folder at <paramref name="root"/>.</summary>
    public static string PkiDirectoryOf(string root) => Path.Combine(root, "pki");

    /// <summary>
    /// WAL lets the journal's readers (recoveries) run beside its writer instead of queueing behind
    /// it; the mode is stored in the database file, so setting it once on creation is enough.
    /// </summary>
    private static void EnableWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    private static void CopyDirectory(string source, string target)
    {
        if (!Directory.Exists(source)) return;
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
    }
}
