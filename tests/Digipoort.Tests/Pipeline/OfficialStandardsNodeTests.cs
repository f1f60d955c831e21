using System.Net.Http.Headers;
using System.Net.Http.Json;
using Digipoort.Api.Rest;
using Digipoort.Tests.Processing.Standards;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Pipeline;

/// <summary>
/// A real node with SI-UBL 2.0 installed as published (official UBL 2.1 schemas and SI-UBL 2.0 Schematron with the
/// CEN EN 16931 rules) and one recipient on loopback; every published SI-UBL 2.0 test file and the Basisfactuur
/// Rijk examples go through it and end as their names (and <see cref="SiUblExpectation.RuleGivenInstead"/>) say.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class OfficialStandardsNodeTests
{
    [Fact]
    public async Task Every_published_SI_UBL_test_file_and_Basisfactuur_example_ends_as_the_rules_say_through_a_node()
    {
        await using var siUbl = await SiUblNode.StartAsync();
        var (node, recipient) = (siUbl.Node, siUbl.Recipient);

        var files = SiUblExpectation.All()
            .Select(path => (Path: path, Expected: SiUblExpectation.FromFileName(path)))
            .Concat(Directory.GetFiles(OfficialStandards.BasisfactuurRijk).Order(StringComparer.Ordinal).Select(path => (Path: path,
                // NLCIUS passes; the Peppol BIS 3 and UBL-OHNL examples are not tagged SI-UBL 2.0 (see OfficialExamplesTests).
                Expected: new SiUblExpectation(Path.GetFileName(path), path.Contains("NLCIUS", StringComparison.Ordinal) ? "ok" : "error",
                    path.Contains("NLCIUS", StringComparison.Ordinal) ? null : "SI-V20-INV-R000"))))
            .ToList();
        var kenmerken = new List<string>();
        foreach (var (path, _) in files)
            kenmerken.Add((await Submit(node.Client, File.ReadAllBytes(path), Path.GetFileName(path))).Kenmerk);

        var problems = new List<string>();
        foreach (var ((path, expected), kenmerk) in files.Zip(kenmerken))
        {
            var message = await Eventually.ValueAsync(
                async () => (await node.Client.GetFromJsonAsync<MessageResponse>($"/api/v1/messages/{kenmerk}", GatewayClient.Json))!,
                m => m.Afgerond, TimeSpan.FromSeconds(120), $"{expected.File} ends");
            var statuses = await node.Client.StatusesAsync(kenmerk);
            if (Problem(expected, message, statuses) is { } problem)
                problems.Add($"{expected.File}: {problem}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(files.Count(f => f.Expected.Outcome != "error"), recipient.Received.Count);
    }

    [Fact]
    public async Task A_UBL_component_submitted_as_an_SI_UBL_invoice_ends_in_311()
    {
        await using var siUbl = await SiUblNode.StartAsync();
        var (node, recipient) = (siUbl.Node, siUbl.Recipient);

        var note = await Submit(node.Client,
            "<cbc:Note xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">not an invoice</cbc:Note>"u8.ToArray(), "note.xml");
        var status = (await node.Client.WaitForStatusAsync(note.Kenmerk, "311")).Single(s => s.Statuscode == "311");

        Assert.Contains("root element 'Note'", Assert.Single(status.Constateringen!).Beschrijving, StringComparison.Ordinal);
        Assert.Empty(recipient.Received);
    }

    /// <summary>A node with SI-UBL 2.0 installed as published in its catalogue, and its one recipient on loopback.</summary>
    private sealed class SiUblNode(TempDirectory data, LoopbackRecipient recipient, TestNode node) : IAsyncDisposable
    {
        public LoopbackRecipient Recipient => recipient;

        public TestNode Node => node;

        public static async Task<SiUblNode> StartAsync()
        {
            var data = new TempDirectory();
            var catalogue = Path.Combine(data.Path, "catalogue");
            SiUblEntry.Install(Path.Combine(catalogue, "SiUbl"));
            var recipient = await LoopbackRecipient.StartAsync();
            try
            {
                var node = await TestNode.StartAsync(data.Path, new Dictionary<string, string>
                {
                    ["Digipoort:CatalogueDirectory"] = catalogue,
                    ["Digipoort:Recipients:ontvanger:Endpoint"] = recipient.Endpoint.ToString(),
                });
                return new SiUblNode(data, recipient, node);
            }
            catch
            {
                await recipient.DisposeAsync();
                data.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await node.DisposeAsync();
            await recipient.DisposeAsync();
            data.Dispose();
        }
    }

    private static async Task<SubmissionResponse> Submit(HttpClient client, byte[] document, string fileName)
    {
        var file = new ByteArrayContent(document);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml");
        return await client.PostAsync("/api/v1/messages", GatewayClient.SubmissionForm(SiUblEntry.Berichtsoort, file, fileName)).AcceptedAsync();
    }

    private static string? Problem(SiUblExpectation expected, MessageResponse message, IReadOnlyList<StatusDto> statuses)
    {
        var last = message.LaatsteStatus!;
        var findings = statuses.SelectMany(s => s.Constateringen ?? []).ToList();
        var described = $"last status {last.Statuscode}; findings: {string.Join(" | ", findings.Select(f => $"{f.Code} (line {f.Regel}) {f.Beschrijving}"))}";
        bool Names(ConstateringDto f) => expected.ExpectedRule is null || expected.IsAboutExpectedRule(f.Code, f.Beschrijving);
        switch (expected.Outcome)
        {
            case "error":
                return last.Statuscode == "311" && last.Constateringen!.Any(Names) ? null : described;
            case "warning":
                var validated = statuses.SingleOrDefault(s => s.Statuscode == "301");
                return Delivered(message) && validated?.Constateringen?.Any(f => Names(f) && f.Beschrijving.StartsWith("warning:", StringComparison.Ordinal)) == true
                    ? null : described;
            default:
                return Delivered(message) && !statuses.Any(s => s.Statuscode == "311") ? null : described;
        }
    }

    private static bool Delivered(MessageResponse message) => message.Afleveringen.Count == 1 && message.Afleveringen[0].Toestand == AfleverToestand.Delivered;
}
