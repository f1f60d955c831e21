using Digipoort.Actors.Storage;
using Digipoort.Node.Configuration;

namespace Digipoort.Node.FirstRun;

/// <summary>
/// Prepares the data folder so that a fresh checkout runs with nothing set up by hand: the folder
/// itself (owner-only) and a catalogue seeded from the demo that ships with the node. (The journal is
/// prepared by <see cref="Composition.JournalDatabase.Prepare"/>.)
/// </summary>
public sealed record DataFolder(string Root, string CatalogueDirectory, string BlobDirectory)
{
    /// <summary>The development receipt-signing certificate and its key (see <see cref="ReceiptSigningCertificate"/>).</summary>
    public string ReceiptDirectory => Path.Combine(Root, "receipts");

    public static DataFolder Prepare(NodeOptions options)
    {
        var root = Path.GetFullPath(options.DataDirectory);
        OwnerOnlyPaths.CreateDirectory(root);

        var catalogue = options.CatalogueDirectory is { } configured ? Path.GetFullPath(configured) : Path.Combine(root, "catalogue");
        if (options.CatalogueDirectory is null && !Directory.Exists(catalogue))
            CopyDirectory(Path.Combine(AppContext.BaseDirectory, "catalogue"), catalogue);

        return new DataFolder(root, catalogue, BlobDirectoryOf(root));
    }

    /// <summary>The blob store's folder in the data folder at <paramref name="root"/>.</summary>
    public static string BlobDirectoryOf(string root) => Path.Combine(root, "blobs");

    /// <summary>The development PKI's default folder in the data folder at <paramref name="root"/>.</summary>
    public static string PkiDirectoryOf(string root) => Path.Combine(root, "pki");

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
