using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Api.Rest;

public static class MessageTypesEndpoints
{
    public static IEndpointRouteBuilder MapMessageTypesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/message-types", (CatalogueProvider catalogue) =>
                TypedResults.Ok(catalogue.Current.All.Select(t => new MessageTypeDto(t.Berichtsoort, t.Description, t.Version)).ToList()))
            .WithTags("Message types")
            .WithName("GetMessageTypes")
            .WithSummary("The berichtsoorten this gateway accepts (getBerichtsoorten)");
        return app;
    }
}
