using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Api.Identity;
using Digipoort.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digipoort.Api.Rest;

public static class MessageTypesEndpoints
{
    public static IEndpointRouteBuilder MapMessageTypesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/message-types", Results<Ok<List<MessageTypeDto>>, ProblemHttpResult> (HttpContext http,
                    ISenderIdentityResolver identities, CatalogueProvider catalogue) =>
                identities.Resolve(http) is null
                    ? Fault.SenderUnknown().ToProblem()
                    : TypedResults.Ok(catalogue.Current.All.Select(t => new MessageTypeDto(t.Berichtsoort, t.Description, t.Version)).ToList()))
            .WithTags("Message types")
            .WithName("GetMessageTypes")
            .WithSummary("The berichtsoorten this gateway accepts (getBerichtsoorten)");
        return app;
    }
}
