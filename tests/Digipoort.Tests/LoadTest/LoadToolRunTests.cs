using System.Text.Json;
using Digipoort.LoadTest;
using Digipoort.LoadTest.Catalogue;
using Digipoort.LoadTest.Cli;
using Digipoort.LoadTest.Drivers;
using Digipoort.LoadTest.Nodes;
using Digipoort.LoadTest.Reporting;
using Digipoort.LoadTest.Verification;
using Digipoort.Tests.Support;
using Spectre.Console;

namespace Digipoort.Tests.LoadTest;

/// <summary>
/// The load-test tool for a few seconds against a real in-process node over mutual TLS, every recipient the
/// node and the catalogue know delivering to the tool's own counting recipient: every accepted message (and
/// every item of an accepted batch) must reach a final status, once, as its sample says.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class LoadToolRunTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly string CatalogueFolder = Path.Combine(AppContext.BaseDirectory, "catalogue");

    /// <summary>Nothing listens on the discard port: deliveries there fail and are retried later.</summary>
    private static readonly Uri Unreachable = new("http://127.0.0.1:9/inbox");

    /// <summary>Invoices in the catalogue's factuurbatch-valid.xml.</summary>
    private const int ItemsPerValidBatch = 4;

    [Theory]
    [InlineData(DriverKind.Rest, 1)]
    [InlineData(DriverKind.RestBulk, 5)]
    [InlineData(DriverKind.Wus, 1)]
    public async Task An_open_loop_run_loses_nothing_and_every_message_ends_as_its_sample_says(DriverKind driver, int batch)
    {
        using var data = new TempDirectory();
        await using var recipient = await CountingRecipient.StartAsync(0, CancellationToken.None);
        await using var node = await TestNode.StartAsync(data.Path, RecipientsAt(recipient.EndpointFor));
        var json = Path.Combine(data.Path, "result.json");
        var options = Options(node) with { Driver = driver, BatchSize = batch, Rate = 20, Duration = TimeSpan.FromSeconds(3), JsonPath = json };

        var report = await RunAsync(options, recipient);

        var verification = report.Verification!;
        Assert.True(report.Totals.Accepted >= 30, $"accepted {report.Totals.Accepted}; refused {string.Join(", ", report.RefusedByFaultCode)}; " +
            $"errors {string.Join(", ", report.ErrorsByKind)} {string.Join(" | ", report.Samples)}");
        Assert.Equal(report.Totals.Messages, report.Totals.Accepted);
        Assert.Equal((0, 0, 0), (verification.Lost, verification.Duplicated, verification.WrongFinal));
        Assert.Equal(verification.Followed, verification.Final);
        // Both kinds of sample went through and ended as they should: valid ones delivered, invalid ones not.
        Assert.True(verification.Outcomes.GetValueOrDefault("Delivered") > 0 && verification.Outcomes.GetValueOrDefault("NotDelivered") > 0,
            string.Join(", ", verification.Outcomes));
        // Every delivery the node reports reached the counting recipient, and it got nothing the tool did not follow.
        Assert.Equal((0, 0), (verification.NotSeenByRecipient, verification.DeliveredUnacknowledged));
        Assert.True(verification.RecipientDeliveries >= verification.Outcomes["Delivered"]);
        // The catalogue's Factuurbatch samples were followed into their items.
        Assert.True(verification.Batches is { Items: > 0 } b && b.ItemsFinal == b.Items, $"{verification.Batches}");
        Assert.True(report.Throughput.ItemsCompletedPerSecond > 0);
        Assert.Equal(ReportBuilder.ExitClean, report.ExitCode);
        Assert.True(report.LatencyMs.P50 > 0 && report.LatencyMs.Max >= report.LatencyMs.P99);

        var written = JsonSerializer.Deserialize<LoadReport>(await File.ReadAllTextAsync(json), LoadTestSession.ReportJson)!;
        Assert.Equal(report.Totals, written.Totals);
        Assert.Equal(0, written.Verification!.Lost);
        Assert.Equal(verification.Batches!.Items, written.Verification.Batches!.Items);
    }

    [Fact]
    public async Task A_batch_counts_as_completed_when_final_and_its_items_are_each_followed_and_checked()
    {
        using var data = new TempDirectory();
        await using var recipient = await CountingRecipient.StartAsync(0, CancellationToken.None);
        await using var node = await TestNode.StartAsync(data.Path, RecipientsAt(recipient.EndpointFor));
        var options = Options(node) with { Berichtsoorten = ["Factuurbatch"], InvalidShare = 0, Count = 3, Concurrency = 1 };

        var report = await RunAsync(options, recipient);

        var verification = report.Verification!;
        Assert.Equal((3, 3), (verification.Followed, verification.Final));
        // The first round looks each accepted batch up once (its items join the next round).
        Assert.Equal(3, verification.FirstRound!.Lookups);
        Assert.True(verification.FirstRound.PerSecond > 0);
        // A batch delivers nothing itself: it is judged by its items, each of which is a message of its own.
        Assert.Equal(3, verification.Outcomes.GetValueOrDefault("Delivered"));
        var batches = verification.Batches!;
        Assert.Equal((3, 3 * ItemsPerValidBatch, 3 * ItemsPerValidBatch, 0), (batches.Batches, batches.Items, batches.ItemsFinal, batches.ItemsLost));
        Assert.Equal(KeyValuePair.Create("Delivered", 3 * ItemsPerValidBatch), Assert.Single(batches.ItemOutcomes));
        Assert.Equal((0, 0, 0, 0), (verification.Lost, verification.Duplicated, verification.WrongFinal, verification.NotSeenByRecipient));
        Assert.Equal(0, verification.DeliveredUnacknowledged);
        Assert.True(report.Throughput.ItemsCompletedPerSecond > 0);
        Assert.Equal(ReportBuilder.ExitClean, report.ExitCode);
    }

    [Fact]
    public async Task A_message_that_never_reaches_a_final_status_is_reported_lost_and_the_run_exits_non_zero()
    {
        var report = await RunWithUnreachableRecipientsAsync("Omzetbelasting", count: 3, verifyTimeout: TimeSpan.FromSeconds(2));

        Assert.Equal(3, report.Totals.Accepted);
        Assert.Equal(3, report.Verification!.Lost);
        Assert.All(report.Verification.LostSample, l => Assert.Contains("phase Delivering", l, StringComparison.Ordinal));
        Assert.Equal(ReportBuilder.ExitLost, report.ExitCode);
    }

    [Fact]
    public async Task Items_of_a_batch_that_never_end_are_reported_lost_with_their_batch()
    {
        var report = await RunWithUnreachableRecipientsAsync("Factuurbatch", count: 1, verifyTimeout: TimeSpan.FromSeconds(8));

        var verification = report.Verification!;
        Assert.True(verification.Batches is { Batches: 1, Items: > 0, ItemsFinal: 0 } b && b.ItemsLost == b.Items, $"{verification.Batches}");
        Assert.Equal(1 + verification.Batches!.Items, verification.Lost);
        Assert.Contains(verification.LostSample, l => l.Contains("item 1 of", StringComparison.Ordinal) && l.Contains("phase Delivering", StringComparison.Ordinal));
        Assert.Equal(ReportBuilder.ExitLost, report.ExitCode);
    }

    /// <summary>
    /// Valid messages of one berichtsoort to a node whose recipients are all unreachable: deliveries fail and are
    /// retried later, so nothing becomes final within the short verification window.
    /// </summary>
    private static async Task<LoadReport> RunWithUnreachableRecipientsAsync(string berichtsoort, int count, TimeSpan verifyTimeout)
    {
        using var data = new TempDirectory();
        await using var node = await TestNode.StartAsync(data.Path, RecipientsAt(_ => Unreachable));
        return await RunAsync(Options(node) with
        {
            Berichtsoorten = [berichtsoort],
            Count = count,
            Concurrency = 1,
            InvalidShare = 0,
            VerifyTimeout = verifyTimeout,
        }, recipient: null);
    }

    /// <summary>Every recipient the node is configured with and every one the catalogue names, at <paramref name="endpointFor"/>.</summary>
    internal static Dictionary<string, string> RecipientsAt(Func<string, Uri> endpointFor) =>
        StartedNode.ConfiguredRecipients(Path.Combine(AppContext.BaseDirectory, "Digipoort.Node.dll"))
            .Concat(SampleCatalogue.Discover(CatalogueFolder, []).RecipientIds)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(id => $"Digipoort:Recipients:{id}:Endpoint", id => endpointFor(id).ToString(), StringComparer.Ordinal);

    internal static LoadTestOptions Options(TestNode node) => new()
    {
        Targets = [node.TlsAddress],
        Pki = node.PkiDirectory,
        Catalogue = CatalogueFolder,
        InvalidShare = 0.3,
        Sizes = [2048],
        Duration = null,
        VerifyTimeout = TimeSpan.FromSeconds(60),
        Quiet = true,
    };

    internal static async Task<LoadReport> RunAsync(LoadTestOptions options, CountingRecipient? recipient)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Interactive = InteractionSupport.No });
        return await LoadTestSession.RunAsync(options, console, recipient, CancellationToken.None, deadline.Token);
    }
}
