using System.Net.Http.Headers;
using System.Security.Cryptography;
using Digipoort.LoadTest.Catalogue;
using Digipoort.Node.Pki;
using Digipoort.Tests.Support;
using Digipoort.WusClient;
using Xunit.Abstractions;

namespace Digipoort.Tests.Wus;

/// <summary>
/// Fetching a large returned document through the OphaalService streams it from the blob store into the signed response:
/// what the process allocates meanwhile stays far below the document's size (holding it whole, as bytes, as base64 text and
/// in a DOM, would take several times its size).
/// </summary>
[Collection(MeasurementCollection.Name)]
public sealed class OphaalStreamingMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const int Size = 8 * 1024 * 1024;

    /// <summary>
    /// Buffers of a few chunks and the node's own background work meanwhile (about 2 MiB measured); the whole document
    /// anywhere would be twice this, its base64 text as a string over five times.
    /// </summary>
    private const long Budget = Size / 2;

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task An_8_MiB_returned_document_is_fetched_with_allocations_far_below_its_size()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => 500);
        await using var node = await WusOphaalTests.StartReturningAsync(_data.Path, recipient);
        var pki = DevPki.Load(node.PkiDirectory);
        var client = WusFixture.Client(node, pki.Clients["sender"]);
        var document = DocumentPadding.Pad(GatewayClient.ValidDocument, Size);
        var kenmerk = WusAssert.Text(WusAssert.Response(await client.SendAsync(WusServiceName.Aanlever, "aanleveren",
            WusRequests.Aanleveren("Omzetbelasting", "groot-retour-1", "001000044B37", document)), WusServiceName.Aanlever, "aanleveren",
            pki.Server), "kenmerk");
        await Eventually.UntilAsync(async () => WusAssert.All(WusAssert.Response(await client.SendAsync(WusServiceName.Ophaal,
                "getBerichtenLijst", WusRequests.Lijst("getBerichtenLijst")), WusServiceName.Ophaal, "getBerichtenLijst", pki.Server), "kenmerk")
            .Any(k => k.InnerText == kenmerk), TimeSpan.FromSeconds(60), "the document comes back to its sender");
        using var http = node.TlsClient(pki.Clients["sender"]);

        await FetchAsync(http, client, kenmerk); // warm up: JIT, pools
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var received = await FetchAsync(http, client, kenmerk);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"{Size / (1024 * 1024)} MiB document, {received / 1024} KiB response: allocated {allocated / 1024} KiB");
        Assert.True(received > Size * 4L / 3, $"The response has {received} bytes, less than the document's base64.");
        Assert.True(allocated < Budget, $"Fetching allocated {allocated} bytes, over {Budget}.");
    }

    /// <summary>getBerichtenKenmerk as raw HTTP, the answer read through a hash: the test itself holds nothing of it.</summary>
    private static async Task<long> FetchAsync(HttpClient http, DigipoortWusClient client, string kenmerk)
    {
        using var content = new ByteArrayContent(client.BuildRequest(WusServiceName.Ophaal, "getBerichtenKenmerk",
            WusRequests.ByKenmerk("getBerichtenKenmerk", kenmerk)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        using var request = new HttpRequestMessage(HttpMethod.Post, client.EndpointOf(WusServiceName.Ophaal)) { Content = content };
        request.Headers.TryAddWithoutValidation("SOAPAction", DigipoortWusClient.RequestAction(WusServiceName.Ophaal, "getBerichtenKenmerk"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }
        return total;
    }
}
