namespace Digipoort.Node.Demo;

/// <summary>
/// A recipient built into the node for the quick start: it accepts every delivery and logs it, so a
/// new user sees a message reach status 400 without running a government system.
/// </summary>
public static class DemoRecipientEndpoints
{
    public static IEndpointRouteBuilder MapDemoRecipient(this IEndpointRouteBuilder app)
    {
        app.MapPost("/demo/recipient/{id}", async (string id, HttpRequest request, ILoggerFactory loggers, CancellationToken ct) =>
            {
                long length = 0;
                var buffer = new byte[81920];
                int read;
                while ((read = await request.Body.ReadAsync(buffer, ct)) > 0) length += read;
                loggers.CreateLogger("Digipoort.DemoRecipient").LogInformation(
                    "Demo recipient {Recipient} received {Kenmerk} ({Berichtsoort}, {Length} bytes, idempotency key {Key})",
                    id, request.Headers["Digipoort-Kenmerk"].ToString(), request.Headers["Digipoort-Berichtsoort"].ToString(),
                    length, request.Headers["Idempotency-Key"].ToString());
                return TypedResults.Ok(new { received = true, recipient = id });
            })
            .ExcludeFromDescription();
        return app;
    }
}
