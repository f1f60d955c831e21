namespace Digipoort.Actors.Storage;

/// <summary>
/// Creates the store's files and directories readable by the gateway's own account only: payloads
/// are tax and business documents, and other local users have no business reading them.
/// Windows has no Unix modes; there the folder's ACL (set up at deployment) governs access.
/// </summary>
internal static class OwnerOnlyFiles
{
    /// <summary>Creates <paramref name="path"/> if absent; on Unix, missing parents get the default mode.</summary>
    public static void CreateDirectory(string path) => OwnerOnlyPaths.CreateDirectory(path);

    /// <summary>Options for writing a new file that must not exist yet and that nobody else may open meanwhile.</summary>
    public static FileStreamOptions CreateNew()
    {
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            // Callers write large chunks themselves; a FileStream buffer would only add a copy.
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyPaths.FileMode;
        return options;
    }

    public static FileStream OpenRead(string path) =>
        new(path, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096,
            FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// Best-effort removal for clean-up paths, where a failure must not hide the original error;
    /// whatever stays behind in staging is removed by <see cref="FileBlobStore.DeleteAbandonedStagingFiles"/>.
    /// </summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the staging sweep.
        }
    }
}
