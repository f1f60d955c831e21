using Digipoort.Actors.Ingress;
using Digipoort.Actors.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Digipoort.Api.Problems;

/// <summary>
/// Last line of defence: exceptions that escape an endpoint become problem details with a fault
/// code. Nothing of the exception (message, stack) reaches the client except for the cases below,
/// whose messages are written for clients.
/// </summary>
public sealed class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var fault = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                Fault.ContentTooLarge(context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0),
            BlobTooLargeException tooLarge => Fault.ContentTooLarge(tooLarge.MaxBytes),
            BadHttpRequestException bad => Fault.InvalidRequest(bad.Message),
            GatewayOverloadedException overloaded => Fault.Overloaded(overloaded.RetryAfter),
            // A query whose message actor did not answer in time (its shard is moving, or it is still recovering): retryable.
            TimeoutException or Akka.Actor.AskTimeoutException =>
                Fault.TechnicalError("The request could not be completed in time; it may be retried.") with { RetryAfter = TimeSpan.FromSeconds(1) },
            _ => null,
        };
        if (fault is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            fault = Fault.TechnicalError("An unexpected error occurred.") with { HttpStatus = StatusCodes.Status500InternalServerError };
        }
        await fault.ToProblem(context).ExecuteAsync(context);
        return true;
    }
}
