using System.Threading.RateLimiting;
using Digipoort.Api.Gateway;
using Digipoort.Api.Identity;
using Digipoort.Api.Ingress;
using Digipoort.Api.Operations;
using Digipoort.Api.Problems;
using Digipoort.Api.Receipts;
using Digipoort.Api.Rest;
using Digipoort.Api.Security;
using Digipoort.Api.Wus;
using Microsoft.AspNetCore.RateLimiting;
using Scalar.AspNetCore;

namespace Digipoort.Api;

public static class ApiRegistration
{
    public const string SubmissionLimiter = "submissions";

    /// <summary>The gateway facade, problem details, the exception mapping, the OpenAPI document and the ingress limits.</summary>
    public static IServiceCollection AddDigipoortApi(this IServiceCollection services, RequestLimits limits)
    {
        services.AddOptions<GatewaySettings>().BindConfiguration(GatewaySettings.Section);
        services.AddSingleton<MessageGateway>();
        services.AddSingleton<MessageLists>();
        services.AddSingleton<ReceiptIssuer>();
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
            rateLimiting.GlobalLimiter = PerSenderLimiter(limits.PerSender);
            rateLimiting.OnRejected = async (rejected, _) =>
            {
                // Only the per-sender token bucket says when to come back; the concurrency limit does not.
                var fault = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Fault.RateLimited(wait)
                    : Fault.Overloaded(limits.RetryAfter);
                await Refusals.WriteAsync(rejected.HttpContext, fault);
            };
        });
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.AddOpenApi("v1", openApi => openApi.NullablePropertiesAreOptional().DescribeSubmissions());
        return services;
    }

    private static PartitionedRateLimiter<HttpContext> PerSenderLimiter(SenderRateLimit limit) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            // Unattributed requests are refused by the endpoints themselves; operational endpoints are not limited.
            if (!(context.Request.Path.StartsWithSegments("/api") || WusEndpoints.IsWusRequest(context))
                || context.RequestServices.GetRequiredService<ISenderIdentityResolver>().Resolve(context) is not { } sender)
                return RateLimitPartition.GetNoLimiter(string.Empty);
            return RateLimitPartition.GetTokenBucketLimiter(sender.Value, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.TokenLimit,
                TokensPerPeriod = limit.TokensPerPeriod,
                ReplenishmentPeriod = limit.ReplenishmentPeriod,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    /// <summary>Maps the REST API, the OpenAPI document (/openapi/v1.json) and the API page (/scalar/v1).</summary>
    public static WebApplication MapDigipoortApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ClientCertificateAuthentication>(); // before the rate limiter: it partitions by sender
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapMessagesApi();
        app.MapBulkSubmissionApi();
        app.MapMessageTypesApi();
        app.MapOperatorApi();
        app.MapReceiptsApi();
        app.MapWusServices();
        return app;
    }
}
