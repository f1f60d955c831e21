namespace Digipoort.Node.FirstRun;

/// <summary>
/// Files and folders only the node's own account may read (the receipt key). Windows has no Unix
/// modes; there the data folder's ACL, set up at deployment, governs access.
/// </summary>
internal static class OwnerOnlyFile
{
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerDirectory);
    }

    /// <summary>Writes <paramref name="text"/> to a fresh file that is owner-only from its creation, never readable by others in between.</summary>
    public static void WriteNew(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerFile;
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(text);
        writer.Flush();
        ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
    }
}
