using System.Net.Http.Json;
using Digipoort.Api.Rest;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Pipeline;

[Collection(NodeCollection.Name)]
public sealed class CatalogueHotReloadTests
{
    [Fact]
    public async Task The_catalogue_changes_under_traffic_without_losing_a_message_and_a_broken_change_keeps_the_running_version()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        var root = gateway.CatalogueRoot;
        var invoice = PipelineCatalogue.Factuur("H-1", PipelineCatalogue.GemeenteOin, 1m, 2m);

        using var traffic = new CancellationTokenSource();
        var accepted = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var sending = Task.Run(async () =>
        {
            while (!traffic.IsCancellationRequested)
                accepted.Enqueue((await gateway.SubmitAsync("Testfactuur", invoice)).Kenmerk);
        });

        // A new berichtsoort, and a change that breaks the invoice's rules, while messages flow.
        Directory.CreateDirectory(Path.Combine(root, "Nieuw"));
        File.Copy(Path.Combine(root, "Testregel", "regel.xsd"), Path.Combine(root, "Nieuw", "regel.xsd"));
        await File.WriteAllTextAsync(Path.Combine(root, "Nieuw", "manifest.json"), """
            { "berichtsoort": "Nieuw", "description": "Added while running", "version": "2.0",
              "schemas": ["regel.xsd"], "recipients": ["archief"] }
            """);
        await File.WriteAllTextAsync(Path.Combine(root, "Testfactuur", "rules", "factuur.sch"), "<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\"><sch:pattern><sch:rule context=\"f:[\"><sch:assert id=\"X\" test=\"1\">x</sch:assert></sch:rule></sch:pattern></sch:schema>");

        var types = await Eventually.ValueAsync(
            () => gateway.Client.GetFromJsonAsync<List<MessageTypeDto>>("/api/v1/message-types", GatewayClient.Json)!,
            t => t!.Any(x => x.Berichtsoort == "Nieuw"), TimeSpan.FromSeconds(20), "the new berichtsoort is listed");
        await Eventually.ValueAsync(() => Task.FromResult(accepted.Count), n => n >= 20, TimeSpan.FromSeconds(30), "traffic flows");
        await traffic.CancelAsync();
        await sending;

        Assert.Contains(types!, t => t.Berichtsoort == "Testfactuur");
        foreach (var kenmerk in accepted)
        {
            var message = await gateway.FinalAsync(kenmerk);
            Assert.Equal([AfleverToestand.Delivered, AfleverToestand.Delivered, AfleverToestand.Delivered], message.Afleveringen.Select(a => a.Toestand));
        }
        var added = await gateway.FinalAsync((await gateway.SubmitAsync("Nieuw", """<Regel xmlns="urn:test:regel" n="1"/>""")).Kenmerk);
        Assert.Equal("400", added.LaatsteStatus!.Statuscode);
        // The running invoice rules still apply: a wrong total is still refused with the old rule.
        var wrong = await gateway.FinalAsync((await gateway.SubmitAsync("Testfactuur",
            invoice.Replace("<Totaal>3</Totaal>", "<Totaal>9</Totaal>", StringComparison.Ordinal))).Kenmerk);
        Assert.Equal("TF-01", Assert.Single(wrong.LaatsteStatus!.Constateringen!).Code);
    }
}
