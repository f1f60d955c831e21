using System.Text.Json;
using Digipoort.LoadTest.Catalogue;
using Digipoort.LoadTest.Cli;
using Digipoort.LoadTest.Drivers;
using Digipoort.LoadTest.Generation;
using Digipoort.LoadTest.Load;
using Digipoort.LoadTest.Machine;
using Digipoort.LoadTest.Nodes;
using Digipoort.LoadTest.Reporting;
using Digipoort.LoadTest.Transport;
using Digipoort.LoadTest.Verification;
using Spectre.Console;

namespace Digipoort.LoadTest;

/// <summary>
/// One run of the tool, start to end: discover the catalogue, start the counting recipient (and the node,
/// with --start-node), send the load, follow every accepted message to its final status, and report.
/// </summary>
public static class LoadTestSession
{
    public static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <param name="recipient">A counting recipient started by the caller (the nodes already point at it); otherwise the run starts one when it needs it.</param>
    /// <param name="stopScheduling">Ends the load early; what is in flight is still answered and verified.</param>
    public static async Task<LoadReport> RunAsync(LoadTestOptions options, IAnsiConsole console, CountingRecipient? recipient,
        CancellationToken stopScheduling, CancellationToken cancellationToken)
    {
        var repo = RepoLayout.TryFind();
        string? nodeDll = null;
        if (options.StartNode)
        {
            nodeDll = Path.GetFullPath(options.NodeDll ?? (repo ?? RepoLayout.Find()).DefaultNodeDll);
            if (options.NodeDll is null && !options.NoBuild) await StartedNode.BuildAsync(repo!, cancellationToken);
        }
        var catalogueFolder = options.Catalogue ?? (nodeDll is not null ? RepoLayout.CatalogueBeside(nodeDll) : (repo ?? RepoLayout.Find()).DemoCatalogue);
        var catalogue = SampleCatalogue.Discover(catalogueFolder, options.Berichtsoorten);

        CountingRecipient? ownRecipient = null;
        if (recipient is null && (options.StartNode || options.RecipientPort is not null))
        {
            recipient = ownRecipient = await CountingRecipient.StartAsync(options.RecipientPort ?? 0, cancellationToken);
            if (!options.StartNode) PrintRecipientSettings(console, catalogue, recipient);
        }
        try
        {
            StartedNode? node = null;
            if (nodeDll is not null)
                node = await StartedNode.StartAsync(nodeDll, catalogue.RecipientIds, recipient!.EndpointFor, UsesTls(options), options.NodeArguments,
                    cancellationToken);
            await using (node)
            {
                var addresses = node is not null ? [node.Process.ApiAddress] : options.Targets.Count > 0 ? options.Targets : [new Uri("https://127.0.0.1:5443")];
                var pki = node?.Process.PkiDirectory ?? options.Pki ?? (Directory.Exists(Path.Combine("data", "pki")) ? Path.GetFullPath(Path.Combine("data", "pki")) : null);
                using var targets = Targets.Create(addresses, options, pki, options.Concurrency);
                using var nodeAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, node?.Process.Exited ?? CancellationToken.None);
                try
                {
                    return await MeasureAsync(options, console, catalogue, targets, recipient, node, nodeAlive.Token, stopScheduling);
                }
                catch (OperationCanceledException) when (node is not null && node.Process.Exited.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new LoadTestException($"The node ended during the run ({node.Process.ExitDescription}):{Environment.NewLine}{node.Process.Log.Tail()}");
                }
            }
        }
        finally
        {
            if (ownRecipient is not null) await ownRecipient.DisposeAsync();
        }
    }

    /// <summary>A started node is sent to over mutual TLS when asked, and always for WUS (its services live on the TLS listener only).</summary>
    private static bool UsesTls(LoadTestOptions options) => options.Tls || options.Driver == DriverKind.Wus;

    private static async Task<LoadReport> MeasureAsync(LoadTestOptions options, IAnsiConsole console, SampleCatalogue catalogue,
        Targets connections, CountingRecipient? recipient, StartedNode? node, CancellationToken cancellationToken,
        CancellationToken stopScheduling)
    {
        var targets = connections.All;
        var driver = DriverFactory.Create(options.Driver, options.Envelope, options.BatchSize, connections.ClientCertificate);
        var generator = new MessageGenerator(catalogue, options.Sizes, options.InvalidShare, options.Seed, Guid.NewGuid().ToString("N")[..8]);
        var profile = new LoadProfile(options.Rate, options.Concurrency, options.Duration, options.Count, options.MaxOutstanding, options.ThrottlePatience);
        console.WriteLine($"{driver.Name} → {string.Join(", ", targets.Select(t => t.Address))}: {profile.Describe()}; " +
            $"berichtsoorten {string.Join(", ", catalogue.Types.Select(t => $"{t.Berichtsoort} ({t.Valid.Count} valid, {t.Invalid.Count} invalid)"))}");

        IReadOnlySet<string> warmupKenmerken = new HashSet<string>();
        if (options.Warmup is { } warmup)
        {
            console.WriteLine($"warm-up: {warmup.TotalSeconds:0} s, not measured…");
            var warmupGenerator = new MessageGenerator(catalogue, options.Sizes, options.InvalidShare, options.Seed, "w" + Guid.NewGuid().ToString("N")[..7]);
            var warmupRecorder = new RunRecorder(targets.Count);
            await new LoadEngine(driver, targets, warmupGenerator, profile with { Rate = null, Duration = warmup, Count = null }, warmupRecorder, stopScheduling)
                .RunAsync(cancellationToken);
            warmupKenmerken = warmupRecorder.AcceptedMessages.Select(m => m.Kenmerk).ToHashSet(StringComparer.Ordinal);
        }

        var nodeCpuAtStart = node is null ? null : ProcessSampler.CpuTime(node.Process.Pid);
        var recorder = new RunRecorder(targets.Count);
        var engine = new LoadEngine(driver, targets, generator, profile, recorder, stopScheduling);
        var load = engine.RunAsync(cancellationToken);
        if (options.Quiet) await load;
        else await LiveProgress.ShowWhileAsync(console, recorder, load);

        var run = recorder.Snapshot();
        var accepted = recorder.AcceptedMessages;
        Verified? verified = null;
        if (options.Verify && accepted.Count > 0)
        {
            if (options.VerifyDelay > TimeSpan.Zero)
            {
                console.MarkupLineInterpolated($"waiting {options.VerifyDelay.TotalSeconds:0} s before following…");
                await Task.Delay(options.VerifyDelay, cancellationToken);
            }
            console.MarkupLineInterpolated($"following {accepted.Count:N0} accepted messages to a final status (up to {options.VerifyTimeout.TotalSeconds:0} s)…");
            var follow = await new FinalStatusFollower(targets, options.VerifyConcurrency).FollowAsync(accepted, options.VerifyTimeout,
                options.Quiet ? null : (final, pending) => console.WriteLine($"  {final:N0} final, {pending:N0} pending"), cancellationToken);
            verified = new Verified(follow, recipient?.Counts(), options.VerifyTimeout, warmupKenmerken);
        }

        NodeReport? nodeReport = null;
        if (node is not null)
        {
            var cpu = nodeCpuAtStart is { } start && ProcessSampler.CpuTime(node.Process.Pid) is { } end ? (end - start) / (run.Elapsed + TimeSpan.FromTicks(1)) : (double?)null;
            nodeReport = new NodeReport(node.Process.Pid, node.Arguments, node.Sampler.PeakRssBytes, node.Sampler.Timeline, cpu, node.Process.Log.Summary());
        }

        var settings = new RunSettings(driver.Name, driver.BatchSize, profile.Describe(), options.Rate, options.Concurrency, options.Duration?.TotalSeconds,
            options.Count, options.InvalidShare, options.Sizes, [.. catalogue.Types.Select(t => t.Berichtsoort)], options.Seed);
        var report = ReportBuilder.Build(settings, [.. targets.Select(t => t.Address.ToString())], run, accepted, recorder.StartedAtUtc, verified, nodeReport);
        if (options.JsonPath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, ReportJson), cancellationToken);
        }
        return report;
    }

    private static void PrintRecipientSettings(IAnsiConsole console, SampleCatalogue catalogue, CountingRecipient recipient)
    {
        console.MarkupLineInterpolated($"counting recipient at {recipient.BaseAddress}; start the node(s) with:");
        foreach (var id in catalogue.RecipientIds)
            console.MarkupLineInterpolated($"  --Digipoort:Recipients:{id}:Endpoint={recipient.EndpointFor(id)}");
    }
}
