using System.Net.Http.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Digipoort.Actors.Entities;
using Digipoort.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Digipoort.Tests.Support;

/// <summary>
/// A real node, built by the node's own <see cref="DigipoortNode.Build"/>: Kestrel on a free loopback
/// port, a self-joined single-node cluster on a free remoting port, SQLite in the given data folder.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string Sender = "00000003123456780000";

    private readonly WebApplication _app;

    private TestNode(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }
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
            "--urls=http://127.0.0.1:0",
            $"--Digipoort:DataDirectory={dataDirectory}",
            "--Digipoort:Cluster:Port=0",
            $"--Digipoort:Authorisation:Senders:{Sender}:Berichtsoorten:0=*",
            $"--Digipoort:Development:SenderIdentity={Sender}",
            "--Digipoort:Development:AllowSenderHeader=true",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Akka=Warning",
        };
        args.AddRange((settings ?? new Dictionary<string, string>()).Select(kv => $"--{kv.Key}={kv.Value}"));

        var app = DigipoortNode.Build([.. args], services =>
        {
            if (clock is not null) services.AddSingleton(clock);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var node = new TestNode(app, new Uri(address));

        var cluster = Cluster.Get(node.System);
        await Eventually.UntilAsync(() => Task.FromResult(cluster.SelfMember.Status == MemberStatus.Up), TimeSpan.FromSeconds(30),
            "the node joins its cluster");
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
