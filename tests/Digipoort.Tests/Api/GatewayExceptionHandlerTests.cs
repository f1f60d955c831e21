using System.Text.Json;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Ingress;
using Digipoort.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Digipoort.Tests.Api;

public class GatewayExceptionHandlerTests
{
    private static async Task<(HttpContext Context, JsonElement Problem)> HandleAsync(Exception exception)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        };
        context.Response.Body = new MemoryStream();
        Assert.True(await new GatewayExceptionHandler(NullLogger<GatewayExceptionHandler>.Instance)
            .TryHandleAsync(context, exception, CancellationToken.None));
        context.Response.Body.Position = 0;
        return (context, JsonDocument.Parse(context.Response.Body).RootElement);
    }

    [Fact]
    public async Task An_overloaded_gateway_answers_503_with_retry_after_and_ALS150()
    {
        var (context, problem) = await HandleAsync(new GatewayOverloadedException(TimeSpan.FromSeconds(3)));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("3", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(FaultCodes.Overloaded, problem.GetProperty("faultCode").GetString());
    }

    [Fact]
    public async Task An_unexpected_exception_answers_500_ALS400_without_its_message_or_stack()
    {
        var (context, problem) = await HandleAsync(new InvalidOperationException("secret connection string"));

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal(FaultCodes.AanleverTechnicalError, problem.GetProperty("faultCode").GetString());
        Assert.DoesNotContain("secret", problem.ToString());
    }
}
