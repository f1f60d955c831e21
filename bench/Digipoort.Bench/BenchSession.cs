using System.Text;

namespace Digipoort.Bench;

/// <summary>
/// The whole bench invocation: build the node, prepare the document, run the repetitions one after the
/// other (never in parallel: they would compete for the same processors) and write the report.
/// </summary>
internal static class BenchSession
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    /// <returns>0 when every run was clean; 3 when a run had errors, undelivered or duplicate messages.</returns>
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var repo = RepoLayout.Find();
        var nodeDll = Path.GetFullPath(options.NodeDll ?? repo.DefaultNodeDll);
        var outPath = Path.GetFullPath(options.Out ?? repo.DefaultResultsFile(startedAt));

        // A --node-dll given explicitly is taken as it is; the default one is built from this checkout.
        if (options.NodeDll is null && !options.NoBuild) await BuildNodeAsync(repo, cancellationToken);
        if (!File.Exists(nodeDll)) throw new BenchException($"Node not found: {nodeDll}");

        var catalogueEntry = RepoLayout.CatalogueEntry(nodeDll);
        var document = BenchDocument.Build(catalogueEntry, options.DocumentBytes);
        BenchDocument.Validate(catalogueEntry, document);
        var bodies = new SubmissionBodies(document);
        Console.Error.WriteLine($"document {document.Length:N0} bytes (valid), JSON body {bodies.BodyBytes:N0} bytes");

        var machine = await MachineInfo.CollectAsync(repo.Root, cancellationToken);
        var setup = new BenchSetup(options, nodeDll, bodies);
        var runs = new List<RunFigures>(options.Repeat);
        for (var run = 1; run <= options.Repeat; run++)
            runs.Add(await BenchRun.RunAsync(setup, run, cancellationToken));

        var report = Report.Render(
            new ReportContext(startedAt, machine, options, options.CommandLine(Relative(repo, outPath)),
                Relative(repo, nodeDll), document.Length, bodies.BodyBytes),
            runs);
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, report, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        Console.WriteLine(report);
        Console.Error.WriteLine($"written to {outPath}");
        return runs.All(r => r.Clean) ? 0 : 3;
    }

    private static async Task BuildNodeAsync(RepoLayout repo, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("building src/Node (Release)…");
        var (exit, output) = await ExternalCommand.RunAsync("dotnet", ["build", "-c", "Release", repo.NodeProject, "--nologo", "-v:q"],
            repo.Root, BuildTimeout, cancellationToken);
        if (exit != 0) throw new BenchException($"dotnet build -c Release src/Node failed (exit {exit}):{Environment.NewLine}{output}");
    }

    private static string Relative(RepoLayout repo, string path)
    {
        var relative = Path.GetRelativePath(repo.Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
