using System.Text.Json;
using Digipoort.LoadTest;
using Digipoort.LoadTest.Cli;
using Digipoort.LoadTest.Drivers;
using Digipoort.LoadTest.Reporting;
using Digipoort.LoadTest.Verification;
using Digipoort.Tests.Support;
using Spectre.Console;

namespace Digipoort.Tests.LoadTest;

/// <summary>
/// The load-test tool for a few seconds against a real in-process node over mutual TLS, delivering to the
/// tool's own counting recipient: every accepted message must reach a final status, once, as its sample says.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class LoadToolRunTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(DriverKind.Rest, 1)]
    [InlineData(DriverKind.RestBulk, 5)]
    public async Task An_open_loop_run_loses_nothing_and_every_message_ends_as_its_sample_says(DriverKind driver, int batch)
    {
        using var data = new TempDirectory();
        await using var recipient = await CountingRecipient.StartAsync(0, CancellationToken.None);
        await using var node = await TestNode.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.EndpointFor("belastingdienst").ToString(),
            ["Digipoort:Recipients:kvk:Endpoint"] = recipient.EndpointFor("kvk").ToString(),
        });
        var json = Path.Combine(data.Path, "result.json");
        var options = Options(node) with { Driver = driver, BatchSize = batch, Rate = 20, Duration = TimeSpan.FromSeconds(3), JsonPath = json };

        var report = await RunAsync(options, recipient);

        var verification = report.Verification!;
        Assert.True(report.Totals.Accepted >= 30, $"accepted {report.Totals.Accepted}");
        Assert.Equal(report.Totals.Messages, report.Totals.Accepted);
        Assert.Equal((0, 0, 0), (verification.Lost, verification.Duplicated, verification.WrongFinal));
        Assert.Equal(verification.Followed, verification.Final);
        // Both kinds of sample went through and ended as they should: valid ones delivered, invalid ones not.
        Assert.True(verification.Outcomes.GetValueOrDefault("Delivered") > 0 && verification.Outcomes.GetValueOrDefault("NotDelivered") > 0,
            string.Join(", ", verification.Outcomes));
        Assert.Equal(verification.Outcomes["Delivered"], verification.RecipientDeliveries);
        Assert.Equal(ReportBuilder.ExitClean, report.ExitCode);
        Assert.True(report.LatencyMs.P50 > 0 && report.LatencyMs.Max >= report.LatencyMs.P99);

        var written = JsonSerializer.Deserialize<LoadReport>(await File.ReadAllTextAsync(json), LoadTestSession.ReportJson)!;
        Assert.Equal(report.Totals, written.Totals);
        Assert.Equal(0, written.Verification!.Lost);
    }

    [Fact]
    public async Task A_message_that_never_reaches_a_final_status_is_reported_lost_and_the_run_exits_non_zero()
    {
        // The recipient is a port where nothing listens: deliveries fail and are retried later, so no
        // message becomes final within the short verification window.
        using var data = new TempDirectory();
        await using var node = await TestNode.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = "http://127.0.0.1:9/inbox",
        });
        var options = Options(node) with
        {
            Count = 3,
            Concurrency = 1,
            InvalidShare = 0,
            VerifyTimeout = TimeSpan.FromSeconds(2),
            Berichtsoorten = ["Omzetbelasting"],
        };

        var report = await RunAsync(options, recipient: null);

        Assert.Equal(3, report.Totals.Accepted);
        Assert.Equal(3, report.Verification!.Lost);
        Assert.All(report.Verification.LostSample, l => Assert.Contains("phase Delivering", l, StringComparison.Ordinal));
        Assert.Equal(ReportBuilder.ExitLost, report.ExitCode);
    }

    private static LoadTestOptions Options(TestNode node) => new()
    {
        Targets = [node.TlsAddress],
        Pki = node.PkiDirectory,
        Catalogue = Path.Combine(AppContext.BaseDirectory, "catalogue"),
        // The berichtsoorten with one recipient each, so every delivered message is one delivery at the counting recipient.
        Berichtsoorten = ["Omzetbelasting", "Jaarverantwoording"],
        InvalidShare = 0.3,
        Sizes = [2048],
        Duration = null,
        VerifyTimeout = TimeSpan.FromSeconds(60),
        Quiet = true,
    };

    private static async Task<LoadReport> RunAsync(LoadTestOptions options, CountingRecipient? recipient)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Interactive = InteractionSupport.No });
        return await LoadTestSession.RunAsync(options, console, recipient, CancellationToken.None, deadline.Token);
    }
}
