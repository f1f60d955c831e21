using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Digipoort.LoadTest.Verification;

/// <summary>
/// The recipient the nodes deliver to during a run: a Kestrel on loopback that answers 200 to
/// <c>POST /inbox/{recipient}</c> after reading the whole body, and counts deliveries per
/// <c>Idempotency-Key</c> (<c>kenmerk:recipient</c>, the same on every retry), so that a message delivered
/// twice to one recipient shows as a duplicate while one message to two recipients does not.
/// Point each recipient of the node at <see cref="EndpointFor"/>.
/// </summary>
public sealed class CountingRecipient : IAsyncDisposable
{
    private const string KenmerkHeader = "Digipoort-Kenmerk";
    private const string AttemptHeader = "Digipoort-Poging";
    private const string IdempotencyHeader = "Idempotency-Key";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _recipientsByKenmerk = new(StringComparer.Ordinal);
    private long _deliveries;
    private long _withoutKenmerk;
    private long _laterAttempts;

    private CountingRecipient(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port/ (known once started, which <see cref="StartAsync"/> sees to).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where recipient <paramref name="recipientId"/> should be configured to deliver.</summary>
    public Uri EndpointFor(string recipientId) => new(BaseAddress, $"/inbox/{Uri.EscapeDataString(recipientId)}");

    /// <param name="port">A loopback port; 0 for any free one.</param>
    public static async Task<CountingRecipient> StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        // Logging per request would cost CPU the node needs; the counts are the output.
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var recipient = new CountingRecipient(app);
        app.MapPost("/inbox/{id}", (HttpContext context, string id) => recipient.ReceiveAsync(context, id));
        app.MapPost("/inbox", (HttpContext context) => recipient.ReceiveAsync(context, ""));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        recipient.BaseAddress = new Uri(address);
        return recipient;
    }

    public RecipientCounts Counts()
    {
        lock (_gate)
        {
            return new RecipientCounts(
                Interlocked.Read(ref _deliveries), Interlocked.Read(ref _withoutKenmerk), Interlocked.Read(ref _laterAttempts),
                new Dictionary<string, int>(_byKey, StringComparer.Ordinal),
                _recipientsByKenmerk.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)new HashSet<string>(e.Value, StringComparer.Ordinal),
                    StringComparer.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(shutdown.Token);
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context, string recipientId)
    {
        // The whole document is read, as a real recipient would, before the delivery counts.
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        Interlocked.Increment(ref _deliveries);
        if (context.Request.Headers[AttemptHeader] is [{ } attempt] && attempt != "1") Interlocked.Increment(ref _laterAttempts);

        var kenmerk = context.Request.Headers[KenmerkHeader].ToString();
        if (kenmerk.Length == 0)
        {
            Interlocked.Increment(ref _withoutKenmerk);
        }
        else
        {
            var key = context.Request.Headers[IdempotencyHeader].ToString() is { Length: > 0 } k ? k : $"{kenmerk}:{recipientId}";
            var recipient = key.Length > kenmerk.Length + 1 ? key[(kenmerk.Length + 1)..] : recipientId;
            lock (_gate)
            {
                _byKey[key] = _byKey.GetValueOrDefault(key) + 1;
                if (!_recipientsByKenmerk.TryGetValue(kenmerk, out var recipients)) _recipientsByKenmerk[kenmerk] = recipients = new(StringComparer.Ordinal);
                recipients.Add(recipient);
            }
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}

/// <param name="Deliveries">Every POST received, duplicates included.</param>
/// <param name="WithoutKenmerk">POSTs without a kenmerk header: the node should never send one.</param>
/// <param name="LaterAttempts">POSTs with Digipoort-Poging above 1: the node retried.</param>
/// <param name="ByIdempotencyKey">Deliveries per kenmerk:recipient.</param>
/// <param name="RecipientsByKenmerk">Which recipients received each kenmerk.</param>
public sealed record RecipientCounts(long Deliveries, long WithoutKenmerk, long LaterAttempts,
    IReadOnlyDictionary<string, int> ByIdempotencyKey, IReadOnlyDictionary<string, IReadOnlySet<string>> RecipientsByKenmerk);
