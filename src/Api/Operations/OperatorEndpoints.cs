using Akka.Actor;
using Akka.Hosting;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Api.Problems;
using Digipoort.Api.Rest;
using Digipoort.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digipoort.Api.Operations;

/// <summary>
/// The operator API: any message's overview, whoever sent it. Only a client certificate with the
/// operator role (OU=Operator) opens it — senders' certificates, however valid, do not, and the
/// development identities without a certificate never do.
/// </summary>
public static class OperatorEndpoints
{
    public const string OperatorRole = "Operator";
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/v1/messages/{kenmerk}", GetMessageAsync)
            .WithTags("Operations")
            .WithName("OperatorGetMessage")
            .WithSummary("Any message's overview, for operators (client certificate with OU=Operator)");
        return app;
    }

    internal static async Task<Results<Ok<OperatorMessageResponse>, ProblemHttpResult>> GetMessageAsync(string kenmerk,
        HttpContext http, IRequiredActor<MessageActor> messages, CancellationToken cancellationToken)
    {
        if (ClientCertificateAuthentication.IdentityOf(http) is not { Role: OperatorRole } @operator)
            return Fault.OperatorOnly().ToProblem();
        if (!Kenmerk.TryParse(kenmerk, out var id)) return Fault.InvalidStatusRequest("kenmerk must be a UUID.").ToProblem();

        var summary = await messages.ActorRef.Ask<MessageSummaryReply>(new GetMessageSummary(id.Value), QueryTimeout, cancellationToken);
        return summary.Found
            ? TypedResults.Ok(new OperatorMessageResponse(summary.Sender!.Value.Value, MessageResponse.From(summary), @operator.Oin.Value))
            : Fault.UnknownKenmerk(kenmerk).ToProblem();
    }
}

/// <summary>What an operator sees: the sender's view plus who the sender is.</summary>
public sealed record OperatorMessageResponse(string Afzender, MessageResponse Bericht, string OpgevraagdDoor);
