using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Digipoort.Bench;

/// <summary>
/// The recipient the node delivers to: an in-process Kestrel on a free loopback port that answers 200 to
/// POST /inbox and counts deliveries per <c>Digipoort-Kenmerk</c>, with the time of the first one, so
/// duplicates show and delivered/s can be measured on the same clock as the sends.
/// </summary>
internal sealed class CountingRecipient : IAsyncDisposable
{
    private const string KenmerkHeader = "Digipoort-Kenmerk";
    private const string AttemptHeader = "Digipoort-Poging";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _byKenmerk = new(StringComparer.Ordinal);
    private long _deliveries;
    private long _withoutKenmerk;
    private long _laterAttempts;

    private Uri? _inbox;

    private CountingRecipient(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port/inbox (known once started, which <see cref="StartAsync"/> sees to).</summary>
    public Uri Inbox => _inbox ??= new Uri(new Uri(_app.Services.GetRequiredService<IServer>().Features
        .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()), "/inbox");

    /// <summary>Every POST received, duplicates and unknown kenmerken included.</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    /// <summary>POSTs without a kenmerk header: the node should never send one.</summary>
    public long WithoutKenmerk => Interlocked.Read(ref _withoutKenmerk);

    /// <summary>POSTs whose <c>Digipoort-Poging</c> was above 1: the node retried after a failed or timed-out attempt.</summary>
    public long LaterAttempts => Interlocked.Read(ref _laterAttempts);

    public static async Task<CountingRecipient> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        // Logging per request would cost CPU the node needs; the counts are the output.
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var recipient = new CountingRecipient(app);
        app.MapPost("/inbox", recipient.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        return recipient;
    }

    /// <summary>A named set of kenmerken to wait for, e.g. the warm-up's or the measured run's.</summary>
    public DeliveryCohort NewCohort() => new(_gate, _byKenmerk);

    public async ValueTask DisposeAsync()
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(shutdown.Token);
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        // The whole document is read, as a real recipient would, before the delivery counts.
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        var at = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _deliveries);
        if (context.Request.Headers[AttemptHeader] is [{ } attempt] && attempt != "1") Interlocked.Increment(ref _laterAttempts);

        var kenmerk = context.Request.Headers[KenmerkHeader].ToString();
        if (kenmerk.Length == 0)
        {
            Interlocked.Increment(ref _withoutKenmerk);
        }
        else
        {
            lock (_gate)
            {
                if (!_byKenmerk.TryGetValue(kenmerk, out var entry)) _byKenmerk[kenmerk] = entry = new Entry();
                entry.Deliveries++;
                if (entry.Deliveries == 1)
                {
                    entry.FirstDeliveredAt = at;
                    entry.Cohort?.OnFirstDelivery(at);
                }
            }
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>What is known about one kenmerk; guarded by the recipient's lock.</summary>
    internal sealed class Entry
    {
        public DeliveryCohort? Cohort { get; set; }
        public int Deliveries { get; set; }
        public long FirstDeliveredAt { get; set; }
    }
}
