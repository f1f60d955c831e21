using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Digipoort.Api.Rest;
using Digipoort.Tests.Support;
using Xunit.Abstractions;

namespace Digipoort.Tests.Pipeline;

/// <summary>Batches on a real node: each item a message of its own, linked to its batch, which reports their progress.</summary>
[Collection(NodeCollection.Name)]
public sealed class BatchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Each_item_becomes_its_own_message_and_the_batch_ends_when_they_all_have()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        var batch = PipelineCatalogue.Batch(
            PipelineCatalogue.Factuur("B-1", "00000009999999999000", 1m, 2m),
            PipelineCatalogue.Factuur("B-2", "00000009999999999000", 1m, 2m).Replace("<Totaal>3</Totaal>", "<Totaal>4</Totaal>", StringComparison.Ordinal),
            PipelineCatalogue.Factuur("B-3", PipelineCatalogue.GemeenteOin, 5m, 5m));

        var accepted = await gateway.SubmitAsync("Testbatch", batch);
        var parent = await gateway.FinalAsync(accepted.Kenmerk);

        Assert.Equal(new BatchDto(3, "Testfactuur", false, 3, 2, 1), parent.Batch);
        Assert.Equal("410", parent.LaatsteStatus!.Statuscode);
        Assert.StartsWith("1 of 3 item(s) of the batch were not delivered", parent.LaatsteStatus.Statusdetails, StringComparison.Ordinal);

        var items = (await gateway.Client.GetFromJsonAsync<BatchItemsResponse>($"/api/v1/messages/{accepted.Kenmerk}/items", GatewayClient.Json))!;
        Assert.Equal([1, 2, 3], items.Items.Select(i => i.Volgnummer));
        var children = await Task.WhenAll(items.Items.Select(i => gateway.MessageAsync(i.Kenmerk)));
        Assert.All(children, c => Assert.Equal(new BatchOnderdeelDto(accepted.Kenmerk, children.ToList().IndexOf(c) + 1), c.BatchOnderdeel));
        Assert.Equal(["400", "311", "400"], children.Select(c => c.LaatsteStatus!.Statuscode));
        Assert.Equal("TF-01", Assert.Single(children[1].LaatsteStatus!.Constateringen!).Code);
        Assert.Equal(["archief", "statistiek", "gemeente"], children[2].Afleveringen.Select(a => a.Ontvanger));
    }

    [Fact]
    public async Task A_sorted_batch_delivers_its_items_one_after_another_in_sort_key_order()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        var batch = PipelineCatalogue.Batch(
            PipelineCatalogue.Factuur("C", "00000009999999999000", 1m, 1m),
            PipelineCatalogue.Factuur("A", "00000009999999999000", 1m, 1m),
            PipelineCatalogue.Factuur("B", "00000009999999999000", 1m, 1m));

        var accepted = await gateway.SubmitAsync("Testbatch-gesorteerd", batch);
        var parent = await gateway.FinalAsync(accepted.Kenmerk);

        Assert.Equal("400", parent.LaatsteStatus!.Statuscode);
        Assert.True(parent.Batch!.Gesorteerd);
        Assert.Equal(["A", "B", "C"], gateway.Archief.Received.Select(r =>
            System.Xml.Linq.XElement.Parse(Encoding.UTF8.GetString(r.Body)).Elements().First().Value));
    }

    [Fact]
    public async Task A_batch_of_ten_thousand_items_becomes_ten_thousand_messages_that_all_end()
    {
        const int count = 10_000;
        await using var gateway = await PipelineGateway.StartAsync(settings: new Dictionary<string, string>
        {
            ["Digipoort:Submission:MaxContentBytes"] = (50 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "regels.xml");
        PipelineCatalogue.WriteRegels(path, count);

        var started = Stopwatch.StartNew();
        var accepted = await SubmitFileAsync(gateway, "Testregels", path);
        var parent = await gateway.FinalAsync(accepted.Kenmerk, TimeSpan.FromMinutes(8));
        var elapsed = started.Elapsed;

        Assert.Equal(new BatchDto(count, "Testregel", false, count, count, 0), parent.Batch);
        Assert.Equal("All 10,000 item(s) of the batch were delivered.", parent.LaatsteStatus!.Statusdetails);
        var received = gateway.Archief.Received;
        Assert.Equal(count, received.Select(r => r.Headers["Idempotency-Key"]).Distinct().Count());
        // A sample of items, each final and linked to its batch.
        var items = (await gateway.Client.GetFromJsonAsync<BatchItemsResponse>(
            $"/api/v1/messages/{accepted.Kenmerk}/items?offset={count - 3}&limit=10", GatewayClient.Json))!;
        Assert.Equal([count - 2, count - 1, count], items.Items.Select(i => i.Volgnummer));
        foreach (var item in items.Items)
            Assert.True((await gateway.MessageAsync(item.Kenmerk)).Afgerond);

        using var process = Process.GetCurrentProcess();
        output.WriteLine($"{count} items in {elapsed.TotalSeconds:F1} s ({count / elapsed.TotalSeconds:F0} items/s end to end); " +
                         $"peak working set of the test process (node, recipients and test) {process.PeakWorkingSet64 / (1024 * 1024)} MiB");
    }

    private static Task<SubmissionResponse> SubmitFileAsync(PipelineGateway gateway, string berichtsoort, string path)
    {
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml");
        var form = GatewayClient.SubmissionForm(berichtsoort, file, "regels.xml");
        return gateway.Client.PostAsync("/api/v1/messages", form).AcceptedAsync();
    }
}
