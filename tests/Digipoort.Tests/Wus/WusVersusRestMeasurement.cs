using System.Diagnostics;
using Digipoort.Node.Pki;
using Digipoort.Tests.Support;
using Digipoort.WusClient;
using Xunit.Abstractions;

namespace Digipoort.Tests.Wus;

/// <summary>Runs only with DIGIPOORT_WUS_MEASURE=1: a measurement that prints figures, never asserts them.</summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("DIGIPOORT_WUS_MEASURE") != "1") Skip = "Set DIGIPOORT_WUS_MEASURE=1 to measure.";
    }
}

/// <summary>
/// WUS and REST submissions side by side on one node over mutual TLS with kept-alive connections: the
/// same document, the same concurrency, alternating rounds so that both see the same journal state.
/// The load tester (bench/) does this properly after the merge; this is a quick look.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class WusVersusRestMeasurement(ITestOutputHelper output) : IDisposable
{
    private const int Concurrency = 16;
    private const int PerRound = 400;
    private readonly TempDirectory _data = new();

    [MeasurementFact]
    public async Task Wus_and_rest_submissions_side_by_side()
    {
        await using var node = await TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Journal:Synchronous"] = "Normal",
            ["Digipoort:RateLimit:TokenLimit"] = "1000000",
            ["Digipoort:RateLimit:TokensPerPeriod"] = "1000000",
        });
        var certificate = DevPki.Load(node.PkiDirectory).Clients["sender"];
        var rest = node.TlsClient(certificate);
        var wus = new DigipoortWusClient(node.TlsClient(certificate), node.TlsAddress, new WusSigner(certificate));
        var document = GatewayClient.ValidDocument;

        async Task Rest()
        {
            using var response = await rest.SubmitMultipartAsync(document);
            if ((int)response.StatusCode != 202) throw new InvalidOperationException($"REST answered {(int)response.StatusCode}");
        }
        async Task Wus()
        {
            var response = await wus.SendAsync(WusServiceName.Aanlever, "aanleveren", WusRequests.Aanleveren("Omzetbelasting", null, "001000044B37", document));
            if (response.IsFault) throw new InvalidOperationException($"WUS answered {response.Fault!.Foutcode}");
        }

        await RunAsync(Rest, 50);
        await RunAsync(Wus, 50); // warm-up
        var results = new Dictionary<string, List<double>> { ["REST"] = [], ["WUS"] = [] };
        var elapsed = new Dictionary<string, TimeSpan> { ["REST"] = TimeSpan.Zero, ["WUS"] = TimeSpan.Zero };
        for (var round = 0; round < 3; round++)
        {
            foreach (var (name, submit) in new[] { ("REST", (Func<Task>)Rest), ("WUS", Wus) })
            {
                var (latencies, took) = await RunAsync(submit, PerRound);
                results[name].AddRange(latencies);
                elapsed[name] += took;
            }
        }
        foreach (var name in results.Keys)
        {
            var sorted = results[name].Order().ToList();
            output.WriteLine($"{name}: {sorted.Count / elapsed[name].TotalSeconds:F0} submissions/s, p50 {sorted[sorted.Count / 2]:F1} ms, " +
                             $"p99 {sorted[(int)(sorted.Count * 0.99)]:F1} ms ({sorted.Count} submissions, concurrency {Concurrency})");
        }
        var signer = new WusSigner(certificate);
        var client = new DigipoortWusClient(new HttpClient(), node.TlsAddress, signer);
        var build = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
            client.BuildRequest(WusServiceName.Aanlever, "aanleveren", WusRequests.Aanleveren("Omzetbelasting", null, "001000044B37", document));
        output.WriteLine($"Client: building and signing one aanleverRequest takes {build.Elapsed.TotalMilliseconds / 1000:F2} ms");
    }

    private static async Task<(List<double> Latencies, TimeSpan Elapsed)> RunAsync(Func<Task> submit, int count)
    {
        var latencies = new List<double>(count);
        var next = 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var one = Stopwatch.StartNew();
                await submit();
                lock (latencies) latencies.Add(one.Elapsed.TotalMilliseconds);
            }
        }));
        return (latencies, total.Elapsed);
    }

    public void Dispose() => _data.Dispose();
}
