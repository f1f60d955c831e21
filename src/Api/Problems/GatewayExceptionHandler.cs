using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Digipoort.Api.Problems;

/// <summary>
/// Last line of defence: exceptions that escape an endpoint are answered by <see cref="Faults.Expected"/>'s refusal, or as
/// an unexpected technical error that is logged. Nothing of an unexpected exception (message, stack) reaches the client.
/// </summary>
public sealed class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var fault = Faults.Expected(exception, GatewayService.Aanlever, context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize);
        if (fault is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            fault = Fault.Unexpected(GatewayService.Aanlever);
        }
        await Refusals.WriteAsync(context, fault);
        return true;
    }
}
