using Digipoort.Api.Problems;
using Digipoort.Api.Rest;
using Scalar.AspNetCore;

namespace Digipoort.Api;

public static class ApiRegistration
{
    /// <summary>Problem details, the exception mapping and the OpenAPI document.</summary>
    public static IServiceCollection AddDigipoortApi(this IServiceCollection services)
    {
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
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapMessagesApi();
        app.MapMessageTypesApi();
        return app;
    }
}
