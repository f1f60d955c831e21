using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Digipoort.Bench;

/// <summary>
/// The ceiling: what this machine's Kestrel does with the gateway's request bodies when nothing else
/// happens. It serves the gateway's two submission paths on plain loopback HTTP, reads every body to the
/// end (the bulk one line by line), and answers what the load-test tool expects (202 with a made-up
/// kenmerk, or one NDJSON result per line and a summary) without parsing, storing or journalling anything.
/// </summary>
internal static class CeilingServer
{
    public static async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024; // the node's default
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/v1/messages", SingleAsync);
        app.MapPost("/api/v1/messages/bulk", BulkAsync);
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"ceiling listening on {string.Join(", ", app.Urls)}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped by a signal: the normal end.
        }
        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    private static async Task SingleAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"kenmerk\":\"{Guid.NewGuid()}\",\"alreadySubmitted\":false}}", context.RequestAborted);
    }

    private static async Task BulkAsync(HttpContext context)
    {
        context.Response.ContentType = "application/x-ndjson";
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var answer = new StringBuilder();
        var line = 0;
        while (await reader.ReadLineAsync(context.RequestAborted) is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            answer.Append("{\"line\":").Append(line).Append(",\"status\":202,\"result\":{\"kenmerk\":\"").Append(Guid.NewGuid()).Append("\"}}\n");
        }
        answer.Append("{\"summary\":{\"lines\":").Append(line).Append(",\"complete\":true}}\n");
        await context.Response.WriteAsync(answer.ToString(), context.RequestAborted);
    }
}
