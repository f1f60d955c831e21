using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Digipoort.Bench;

/// <summary>What every run shares: the options, the node to start and the request bodies.</summary>
internal sealed record BenchSetup(BenchOptions Options, string NodeDll, SubmissionBodies Bodies);

/// <summary>
/// One run: a fresh counting recipient, a fresh node with an empty data folder, then the baseline, the
/// warm-up and the measured submissions against it. The node is killed and its folder removed at the
/// end, however the run ends; if the node dies during the run, the run stops at once with its log.
/// </summary>
internal static class BenchRun
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DiagnosticTimeout = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<RunFigures> RunAsync(BenchSetup setup, int run, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("digipoort-bench-").FullName;
        try
        {
            await using var recipient = await CountingRecipient.StartAsync(cancellationToken);
            await using var node = NodeProcess.Start(setup.NodeDll, dataDirectory, recipient.Inbox, setup.Options.Tls);
            await using var sampler = ProcessSampler.Start(node.Pid);
            TimeSpan readyAfter;
            using (var health = CreateClient(node.BaseAddress, 1, certificate: null))
                readyAfter = await node.WaitUntilReadyAsync(health, ReadyDeadline, cancellationToken);
            // The node creates its PKI on first run, so the sender certificate exists only now.
            using var certificate = setup.Options.Tls ? TlsClients.SenderCertificate(node.PkiDirectory) : null;
            using var http = CreateClient(node.ApiAddress, setup.Options.Concurrency, certificate);
            Progress(run, $"node pid {node.Pid} ready after {readyAfter.TotalSeconds:0.0} s on {node.BaseAddress}, data in {dataDirectory}");

            using var nodeAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, node.Exited);
            try
            {
                return await MeasureAsync(setup, run, readyAfter, node, sampler, recipient, http, nodeAlive.Token);
            }
            catch (OperationCanceledException) when (node.Exited.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new BenchException($"The node ended during run {run} ({node.ExitDescription}):{Environment.NewLine}{node.Log.Tail()}");
            }
        }
        finally
        {
            // The node is gone by now (disposed above), so nothing holds the folder open.
            TryDelete(dataDirectory);
        }
    }

    /// <summary>Steps 4 to 7: baseline, warm-up, measured submissions and their deliveries.</summary>
    private static async Task<RunFigures> MeasureAsync(BenchSetup setup, int run, TimeSpan readyAfter, NodeProcess node,
        ProcessSampler sampler, CountingRecipient recipient, HttpClient http, CancellationToken cancellationToken)
    {
        var options = setup.Options;
        var runner = new LoadRunner(http, options.Concurrency);

        // The baseline gets its own warm-up so that JIT and connection setup do not count against the ceiling.
        LoadPlan Baseline(string phase, int count) => new("baseline", new Uri(node.ApiAddress, "/demo/recipient/baseline"), count,
            HttpStatusCode.OK, i => setup.Bodies.Body(setup.Bodies.Aanleverkenmerk($"r{run}-{phase}", i)));
        if (options.Warmup > 0) await runner.RunAsync(Baseline("bw", options.Warmup), cancellationToken);
        var baselineCpu = CpuWindow.Start(node.Pid);
        var baseline = await runner.RunAsync(Baseline("b", options.Messages), cancellationToken);
        var baselineNodeCores = baselineCpu.NodeCores();
        Progress(run, $"baseline: {baseline.PerSecond:N0} req/s, {baseline.ErrorCount} errors");

        LoadPlan Submissions(string phase, int count, DeliveryCohort cohort) => new("submit", new Uri(node.ApiAddress, "/api/v1/messages"),
            count, HttpStatusCode.Accepted, i => setup.Bodies.Body(setup.Bodies.Aanleverkenmerk($"r{run}-{phase}", i)),
            async (response, token) =>
            {
                var accepted = await response.Content.ReadFromJsonAsync<SubmissionResponse>(Json, token);
                cohort.Track(accepted?.Kenmerk ?? throw new InvalidDataException("A 202 answer without a kenmerk."));
            });

        WarmupFigures? warmup = null;
        if (options.Warmup > 0)
        {
            var started = Stopwatch.GetTimestamp();
            var cohort = recipient.NewCohort();
            var load = await runner.RunAsync(Submissions("w", options.Warmup, cohort), cancellationToken);
            await cohort.WaitForAllAsync(DeliveryDeadline(options.Warmup), cancellationToken);
            var delivered = cohort.Result().Delivered;
            warmup = new WarmupFigures(options.Warmup, load.Succeeded, delivered, load.Overloaded, load.ErrorCount, Stopwatch.GetElapsedTime(started));
            Progress(run, $"warm-up: {load.Succeeded}/{options.Warmup} accepted, {delivered} delivered in {warmup.Took.TotalSeconds:0.0} s");
            // Nothing delivered means a broken setup (routing, recipient, document), not a slow node: measuring it is pointless.
            if (delivered == 0)
                throw new BenchException($"No warm-up submission was delivered; errors: {Describe(load)}{Environment.NewLine}{node.Log.Tail()}");
        }

        var measured = recipient.NewCohort();
        var window = CpuWindow.Start(node.Pid);
        var accept = await runner.RunAsync(Submissions("m", options.Messages, measured), cancellationToken);
        Progress(run, $"measured: {accept.Succeeded}/{options.Messages} accepted at {accept.PerSecond:N0}/s, " +
                      $"{accept.Overloaded} × 503, {accept.ErrorCount} errors; waiting for deliveries");
        var deadline = DeliveryDeadline(options.Messages);
        if (!await measured.WaitForAllAsync(deadline, cancellationToken))
            Progress(run, $"not everything was delivered within {deadline.TotalSeconds:0} s");
        var nodeCores = window.NodeCores();
        var benchCores = window.BenchCores();
        var delivery = measured.Result();

        var diagnostics = new List<string>();
        var notes = options.Tls && options.Handshakes > 0
            ? await TlsClients.MeasureHandshakesAsync(node.ApiAddress, node.PkiDirectory, options.Handshakes, cancellationToken)
            : [];
        foreach (var kenmerk in delivery.UndeliveredSample) diagnostics.Add(await DescribeMessageAsync(http, kenmerk, cancellationToken));

        return new RunFigures(run, readyAfter, baseline, baselineNodeCores, warmup, accept, delivery, nodeCores, benchCores,
            sampler.PeakRssBytes, recipient.LaterAttempts, recipient.WithoutKenmerk, node.Log.Summary(), diagnostics, notes);
    }

    /// <summary>max(120 s, one second per 50 messages): generous, so a slow node shows as slow rather than as lost messages.</summary>
    private static TimeSpan DeliveryDeadline(int messages) => TimeSpan.FromSeconds(Math.Max(120, messages / 50.0));

    private static HttpClient CreateClient(Uri baseAddress, int concurrency, X509Certificate2? certificate) =>
        new(TlsClients.Handler(concurrency, certificate))
        {
            BaseAddress = baseAddress,
            Timeout = RequestTimeout,
        };

    /// <summary>The node's own view of a message that never arrived: its phase, latest status and delivery state.</summary>
    private static async Task<string> DescribeMessageAsync(HttpClient http, string kenmerk, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(DiagnosticTimeout);
            var m = await http.GetFromJsonAsync<MessageOverview>($"/api/v1/messages/{kenmerk}", Json, timeout.Token);
            if (m is null) return $"{kenmerk}: empty answer";
            var status = m.LaatsteStatus is { } s ? $"{s.Statuscode} {s.Statusomschrijving}{(s.Statusdetails is null ? "" : $" ({s.Statusdetails})")}" : "none";
            var deliveries = string.Join("; ", (m.Afleveringen ?? []).Select(d => $"{d.Ontvanger} {d.Toestand}, {d.Pogingen} attempts, next {d.VolgendePoging ?? "-"}"));
            return $"{kenmerk}: fase {m.Fase}, latest status {status}; deliveries: {(deliveries.Length > 0 ? deliveries : "none")}";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or JsonException)
        {
            return $"{kenmerk}: could not be looked up ({e.Message})";
        }
    }

    private static string Describe(LoadResult load) =>
        load.ErrorCount == 0 ? "none" : string.Join("; ", load.Errors.Select(e => $"{e.Key} × {e.Value}: {load.ErrorSamples[e.Key]}"));

    private static void Progress(int run, string text) => Console.Error.WriteLine($"[run {run}] {text}");

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not remove {directory}: {e.Message}");
        }
    }
}
