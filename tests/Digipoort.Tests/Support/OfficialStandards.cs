namespace Digipoort.Tests.Support;

/// <summary>
/// The official standards files (OASIS UBL 2.1, the SI-UBL 2.0 Schematron and test files, Logius' examples) as
/// published, in <c>shared/reference/standards/</c> next to the repository (or where DIGIPOORT_STANDARDS points).
/// They are never copied into the repository: a test copies what it needs into a temporary catalogue entry, as
/// an operator would install them.
/// </summary>
internal static class OfficialStandards
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Root => Located.Value;

    public static string UblExamples => Path.Combine(Root, "ubl-2.1", "examples");

    public static string SiUblTestFiles => Path.Combine(Root, "si-ubl-2.0", "testfiles");

    public static string BasisfactuurRijk => Path.Combine(Root, "basisfactuur-rijk");

    /// <summary>Copies the UBL 2.1 runtime schemas as shipped (<c>maindoc/</c> and <c>common/</c>) into <paramref name="entryFolder"/>/<paramref name="under"/>.</summary>
    public static void InstallUbl(string entryFolder, string under = "ubl-2.1") =>
        CopyTree(Path.Combine(Root, "ubl-2.1", "xsdrt"), Path.Combine(entryFolder, under));

    /// <summary>Copies the SI-UBL 2.0 Schematron sources as published (entry point <c>si-ubl-2.0.sch</c>) into <paramref name="entryFolder"/>/<paramref name="under"/>.</summary>
    public static void InstallSiUblRules(string entryFolder, string under = "si-ubl-2.0") =>
        CopyTree(Path.Combine(Root, "si-ubl-2.0", "schematron"), Path.Combine(entryFolder, under));

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("DIGIPOORT_STANDARDS") is { Length: > 0 } configured)
            return Directory.Exists(configured) ? configured
                : throw new DirectoryNotFoundException($"DIGIPOORT_STANDARDS points at '{configured}', which does not exist.");
        // From the test output folder upwards: the repository's parent holds shared/reference/standards.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "standards");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException(
            "The official standards files (shared/reference/standards next to the repository) were not found; set DIGIPOORT_STANDARDS.");
    }
}
