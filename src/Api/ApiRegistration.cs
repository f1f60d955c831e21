using System.Threading.RateLimiting;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Digipoort.Api.Receipts;
using Digipoort.Api.Rest;
using Microsoft.AspNetCore.RateLimiting;
using Scalar.AspNetCore;

namespace Digipoort.Api;

public static class ApiRegistration
{
    public const string SubmissionLimiter = "submissions";

    /// <summary>Problem details, the exception mapping, the OpenAPI document and the ingress limits.</summary>
    public static IServiceCollection AddDigipoortApi(this IServiceCollection services, RequestLimits limits)
    {
        services.AddSingleton(limits);
        services.AddSingleton(new LargeJsonGate(limits));
        services.AddRateLimiter(rateLimiting =>
        {
            rateLimiting.AddConcurrencyLimiter(SubmissionLimiter, concurrency =>
            {
                concurrency.PermitLimit = limits.MaxConcurrentSubmissions;
                concurrency.QueueLimit = limits.MaxQueuedSubmissions;
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            rateLimiting.OnRejected = async (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter =
                    ((int)Math.Ceiling(limits.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Fault.Overloaded().ToProblem().ExecuteAsync(rejected.HttpContext);
            };
        });
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.AddOpenApi("v1");
        return services;
    }

    /// <summary>Maps the REST API, the OpenAPI document (/openapi/v1.json) and the API page (/scalar/v1).</summary>
    public static WebApplication MapDigipoortApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapMessagesApi();
        app.MapMessageTypesApi();
        app.MapReceiptsApi();
        return app;
    }
}
