using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Digipoort.Tests.Support;

/// <summary>
/// A real recipient for delivery tests: a minimal ASP.NET Core app on a free loopback port that accepts
/// POSTs on <c>/inbox</c>, records each one and answers it as the test scripts it, per attempt.
/// </summary>
public sealed class LoopbackRecipient : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Inbox _inbox;

    private LoopbackRecipient(WebApplication app, Inbox inbox, Uri endpoint)
    {
        _app = app;
        _inbox = inbox;
        Endpoint = endpoint;
    }

    /// <summary>http://127.0.0.1:port/inbox</summary>
    public Uri Endpoint { get; }

    /// <summary>What has arrived so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ReceivedDelivery> Received => _inbox.Snapshot();

    /// <param name="statusForAttempt">The status to answer, given the 1-based attempt number; 200 by default.</param>
    /// <param name="delayForAttempt">How long to wait before answering (after reading the request); none by default.</param>
    /// <param name="bodyForAttempt">A text body to answer with; none by default.</param>
    public static async Task<LoopbackRecipient> StartAsync(
        Func<int, int>? statusForAttempt = null,
        Func<int, TimeSpan>? delayForAttempt = null,
        Func<int, string>? bodyForAttempt = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var inbox = new Inbox(statusForAttempt ?? (_ => StatusCodes.Status200OK), delayForAttempt, bodyForAttempt);
        app.MapPost("/inbox", inbox.HandleAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LoopbackRecipient(app, inbox, new Uri(new Uri(address), "/inbox"));
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for what has arrived, and returns that snapshot.
    /// Throws <see cref="TimeoutException"/> if it does not hold within <paramref name="timeout"/>.
    /// </summary>
    public Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(
        Func<IReadOnlyList<ReceivedDelivery>, bool> condition, TimeSpan timeout) =>
        _inbox.WaitForAsync(condition, timeout);

    public async ValueTask DisposeAsync()
    {
        // Requests still waiting in a delay are aborted rather than waited for.
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(shutdown.Token);
        await _app.DisposeAsync();
    }

    private sealed class Inbox(
        Func<int, int> statusForAttempt,
        Func<int, TimeSpan>? delayForAttempt,
        Func<int, string>? bodyForAttempt)
    {
        private readonly Lock _gate = new();
        private readonly List<ReceivedDelivery> _received = [];
        private TaskCompletionSource _arrival = NewSignal();
        private int _attempts;

        public async Task HandleAsync(HttpContext context)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            var status = statusForAttempt(attempt);
            var aborted = context.RequestAborted;

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, aborted);
            var headers = context.Request.Headers.ToDictionary(
                header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            // Recorded on arrival, so a test sees an attempt even when the client gives up waiting for the answer.
            Record(new ReceivedDelivery(attempt, headers, body.ToArray(), status, DateTimeOffset.UtcNow));

            try
            {
                if (delayForAttempt?.Invoke(attempt) is { } delay && delay > TimeSpan.Zero)
                    await Task.Delay(delay, aborted);
                context.Response.StatusCode = status;
                if (bodyForAttempt?.Invoke(attempt) is { } text)
                    await context.Response.WriteAsync(text, aborted);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client went away: there is nobody to answer.
            }
        }

        public IReadOnlyList<ReceivedDelivery> Snapshot()
        {
            lock (_gate)
                return [.. _received];
        }

        public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(
            Func<IReadOnlyList<ReceivedDelivery>, bool> condition, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            while (true)
            {
                IReadOnlyList<ReceivedDelivery> snapshot;
                Task arrival;
                lock (_gate)
                {
                    // Taken together with the snapshot, so an arrival between the two cannot be missed.
                    snapshot = [.. _received];
                    arrival = _arrival.Task;
                }
                if (condition(snapshot))
                    return snapshot;
                try
                {
                    await arrival.WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    throw new TimeoutException(
                        $"The condition did not hold within {timeout}; {snapshot.Count} request(s) received.");
                }
            }
        }

        private void Record(ReceivedDelivery delivery)
        {
            TaskCompletionSource arrival;
            lock (_gate)
            {
                _received.Add(delivery);
                arrival = _arrival;
                _arrival = NewSignal();
            }
            arrival.SetResult();
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
