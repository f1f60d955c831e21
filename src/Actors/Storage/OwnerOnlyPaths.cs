namespace Digipoort.Actors.Storage;

/// <summary>
/// The owner-only modes (0700 folders, 0600 files) for projects outside the store that also keep
/// secrets on disk, such as the development PKI's private keys. Windows has no Unix modes; there
/// the folder's ACL (set up at deployment) governs access.
/// </summary>
public static class OwnerOnlyPaths
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> if absent; on Unix, missing parents get the default mode.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, DirectoryMode);
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/>, replacing any existing file. The
    /// old file is deleted first so the new one is created with the owner-only mode: a mode given at
    /// creation never applies to a file that already exists.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = FileMode;
        using var stream = new FileStream(path, options);
        stream.Write(content);
    }

    public static void WriteAllText(string path, string content) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content));
}
