using System.Net.Http.Headers;
using System.Net.Http.Json;
using Digipoort.Api.Rest;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Pipeline;

/// <summary>
/// A node with <see cref="PipelineCatalogue"/> and three real recipients on loopback: <c>archief</c>,
/// <c>statistiek</c> (gets the transformed summary) and <c>gemeente</c> (chosen by the buyer's OIN,
/// takes attachments separately). Each recipient answers as the test says.
/// </summary>
internal sealed class PipelineGateway : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private PipelineGateway(TempDirectory data, TestNode node, LoopbackRecipient archief, LoopbackRecipient statistiek,
        LoopbackRecipient gemeente)
    {
        _data = data;
        Node = node;
        Archief = archief;
        Statistiek = statistiek;
        Gemeente = gemeente;
    }

    public TestNode Node { get; }
    public LoopbackRecipient Archief { get; }
    public LoopbackRecipient Statistiek { get; }
    public LoopbackRecipient Gemeente { get; }
    public HttpClient Client => Node.Client;
    public string CatalogueRoot => Path.Combine(_data.Path, "pipeline-catalogue");

    public static async Task<PipelineGateway> StartAsync(Func<int, int>? archief = null, Func<int, int>? statistiek = null,
        Func<int, int>? gemeente = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var data = new TempDirectory();
        var catalogue = Path.Combine(data.Path, "pipeline-catalogue");
        PipelineCatalogue.Write(catalogue);
        var recipients = new[]
        {
            await LoopbackRecipient.StartAsync(archief),
            await LoopbackRecipient.StartAsync(statistiek),
            await LoopbackRecipient.StartAsync(gemeente),
        };
        var config = new Dictionary<string, string>
        {
            ["Digipoort:CatalogueDirectory"] = catalogue,
            ["Digipoort:Catalogue:ReloadInterval"] = "00:00:00.200",
            ["Digipoort:Recipients:archief:Endpoint"] = recipients[0].Endpoint.ToString(),
            ["Digipoort:Recipients:statistiek:Endpoint"] = recipients[1].Endpoint.ToString(),
            ["Digipoort:Recipients:gemeente:Endpoint"] = recipients[2].Endpoint.ToString(),
            ["Digipoort:Recipients:gemeente:Oin"] = PipelineCatalogue.GemeenteOin,
            ["Digipoort:Delivery:InitialRetryDelay"] = "00:00:00.200",
            ["Digipoort:Delivery:MaxRetryDelay"] = "00:00:00.500",
            ["Digipoort:Delivery:Deadline"] = "00:00:03",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) config[key] = value;
        var node = await TestNode.StartAsync(data.Path, config);
        return new PipelineGateway(data, node, recipients[0], recipients[1], recipients[2]);
    }

    /// <summary>Submits <paramref name="document"/> as <paramref name="berichtsoort"/> with the given attachments (name, bytes).</summary>
    public Task<SubmissionResponse> SubmitAsync(string berichtsoort, string document, params (string Name, byte[] Content)[] attachments)
    {
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(document));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml");
        return Client.PostAsync("/api/v1/messages", GatewayClient.SubmissionForm(berichtsoort, file, "factuur.xml", attachments: attachments))
            .AcceptedAsync();
    }

    /// <summary>The message's overview.</summary>
    public async Task<MessageResponse> MessageAsync(string kenmerk) =>
        (await Client.GetFromJsonAsync<MessageResponse>($"/api/v1/messages/{kenmerk}", GatewayClient.Json))!;

    /// <summary>Waits until the message is final and returns its overview.</summary>
    public Task<MessageResponse> FinalAsync(string kenmerk, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => MessageAsync(kenmerk), m => m.Afgerond, timeout ?? TimeSpan.FromSeconds(30),
            $"message {kenmerk} ends");

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await Archief.DisposeAsync();
        await Statistiek.DisposeAsync();
        await Gemeente.DisposeAsync();
        _data.Dispose();
    }
}
