using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Digipoort.Actors.Entities;
using Digipoort.Node;
using Digipoort.Node.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Digipoort.Tests.Support;

/// <summary>
/// A real node, built by the node's own <see cref="DigipoortNode.Build"/>: Kestrel on a free loopback
/// port, a self-joined single-node cluster on a free remoting port, the journal on the backend under test
/// (<see cref="TestJournal"/>: SQLite in the given data folder by default).
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string Sender = "00000003123456780000";

    /// <summary>The development PKI every test node and node process of this run uses.</summary>
    internal static string SharedPkiDirectory => SharedPki.Value;

    private static readonly Lazy<string> SharedPki = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "digipoort-tests", "pki-" + Environment.ProcessId);
        DevPki.EnsureCreated(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* best effort: it lives under the temp folder */ }
        };
        return folder;
    });

    private readonly WebApplication _app;

    private TestNode(WebApplication app, Uri baseAddress, Uri tlsAddress, string pkiDirectory)
    {
        _app = app;
        BaseAddress = baseAddress;
        TlsAddress = tlsAddress;
        PkiDirectory = pkiDirectory;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The plain HTTP listener (development identities via header, operational endpoints).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The mutual-TLS listener.</summary>
    public Uri TlsAddress { get; }

    /// <summary>The development PKI the node uses (shared by the test run).</summary>
    public string PkiDirectory { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;
    public ActorSystem System => _app.Services.GetRequiredService<ActorSystem>();
    public IActorRef Messages => _app.Services.GetRequiredService<IRequiredActor<MessageActor>>().ActorRef;

    /// <param name="settings">Configuration keys (e.g. "Digipoort:Delivery:Deadline") and values.</param>
    /// <param name="clock">Replaces the node's clock (timers still run in real time; only "now" moves).</param>
    public static async Task<TestNode> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null,
        TimeProvider? clock = null)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0;https://127.0.0.1:0",
            $"--Digipoort:DataDirectory={dataDirectory}",
            "--Digipoort:Cluster:Port=0",
            $"--Digipoort:Authorisation:Senders:{Sender}:Berichtsoorten:0=*",
            $"--Digipoort:Development:SenderIdentity={Sender}",
            "--Digipoort:Development:AllowSenderHeader=true",
            // One development PKI for the whole test run: minting RSA-3072 CAs for every node costs seconds.
            $"--Digipoort:Tls:PkiDirectory={SharedPki.Value}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Akka=Warning",
        };
        args.AddRange(TestJournal.SettingsFor(dataDirectory).Select(kv => $"--{kv.Key}={kv.Value}"));
        args.AddRange((settings ?? new Dictionary<string, string>()).Select(kv => $"--{kv.Key}={kv.Value}"));

        var app = DigipoortNode.Build([.. args], services =>
        {
            if (clock is not null) services.AddSingleton(clock);
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var node = new TestNode(app, new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal))),
            new Uri(addresses.First(a => a.StartsWith("https:", StringComparison.Ordinal))), SharedPki.Value);

        var cluster = Cluster.Get(node.System);
        await Eventually.UntilAsync(() => Task.FromResult(cluster.SelfMember.Status == MemberStatus.Up), TimeSpan.FromSeconds(30),
            "the node joins its cluster");
        return node;
    }

    /// <summary>
    /// A client of the mutual-TLS listener presenting <paramref name="certificate"/> (none: no client
    /// certificate at all) and trusting only the node's development root.
    /// </summary>
    public HttpClient TlsClient(X509Certificate2? certificate) => MutualTlsClient.Create(TlsAddress, PkiDirectory, certificate);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
