using Akka.Actor;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Hosting;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Api.Gateway;
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

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/v1/messages/{kenmerk}", GetMessageAsync)
            .WithTags("Operations")
            .WithName("OperatorGetMessage")
            .WithSummary("Any message's overview, for operators (client certificate with OU=Operator)");
        app.MapGet("/ops/v1/catalogue", GetCatalogue)
            .WithTags("Operations")
            .WithName("OperatorGetCatalogue")
            .WithSummary("The catalogue in force and the entries the last (re)load refused, with why, for operators");
        app.MapGet("/ops/v1/cluster", GetClusterAsync)
            .WithTags("Operations")
            .WithName("OperatorGetCluster")
            .WithSummary("The cluster as the answering node sees it, for operators: members and the message shards each hosts")
            .WithDescription("Every member with its roles, status and reachability, which one answered (self), which is the " +
                "leader and which the oldest (where the shard coordinator runs), and per member the shards of the message " +
                "region and the message entities live in them. Shard statistics are asked with a timeout of a few seconds; " +
                "without them (sharding.status Unavailable) or with some missing (Partial) the members are still answered.");
        return app;
    }

    internal static Results<Ok<OperatorCatalogueResponse>, ProblemHttpResult> GetCatalogue(HttpContext http, CatalogueProvider catalogue)
    {
        if (ClientCertificateAuthentication.IdentityOf(http) is not { Role: OperatorRole })
            return Fault.OperatorOnly().ToProblem();
        return TypedResults.Ok(new OperatorCatalogueResponse(
            [.. catalogue.Current.All.Select(t => new OperatorCatalogueEntry(t.Berichtsoort, t.Version, t.Folder,
                t.Split is null ? null : t.Split.ItemBerichtsoort))],
            [.. catalogue.Problems.Select(p => new OperatorCatalogueProblem(p.Folder, p.Reason))]));
    }

    internal static async Task<Results<Ok<OperatorClusterResponse>, ProblemHttpResult>> GetClusterAsync(HttpContext http, ActorSystem system,
        MessageGateway gateway, CancellationToken cancellationToken)
    {
        if (ClientCertificateAuthentication.IdentityOf(http) is not { Role: OperatorRole })
            return Fault.OperatorOnly().ToProblem();

        var sharding = await gateway.ShardStatisticsAsync(cancellationToken);
        var cluster = Akka.Cluster.Cluster.Get(system);
        return TypedResults.Ok(OperatorClusterView.From(cluster.State, cluster.SelfAddress, MessagingHostingExtensions.MessageRegionName,
            MessagingHostingExtensions.MessageRole, sharding));
    }

    internal static async Task<Results<Ok<OperatorMessageResponse>, ProblemHttpResult>> GetMessageAsync(string kenmerk,
        HttpContext http, MessageGateway gateway, CancellationToken cancellationToken)
    {
        if (ClientCertificateAuthentication.IdentityOf(http) is not { Role: OperatorRole } @operator)
            return Fault.OperatorOnly().ToProblem();
        if (!Kenmerk.TryParse(kenmerk, out var id)) return Fault.InvalidStatusRequest("kenmerk must be a UUID.").ToProblem();

        var answer = await gateway.SummaryForOperatorAsync(id, cancellationToken);
        return answer.Value is { } summary
            ? TypedResults.Ok(new OperatorMessageResponse(summary.Sender!.Value.Value, ContractMapping.Message(summary), @operator.Oin.Value))
            : answer.Fault!.ToProblem(http);
    }
}

/// <summary>The catalogue as an operator sees it: what is in force, and what was refused.</summary>
public sealed record OperatorCatalogueResponse(IReadOnlyList<OperatorCatalogueEntry> Berichtsoorten,
    IReadOnlyList<OperatorCatalogueProblem> Geweigerd);

/// <summary><c>Batch</c> names the items' berichtsoort when the entry is a batch.</summary>
public sealed record OperatorCatalogueEntry(string Berichtsoort, string Versie, string Map, string? Batch);

public sealed record OperatorCatalogueProblem(string Map, string Reden);

/// <summary>What an operator sees: the sender's view plus who the sender is.</summary>
public sealed record OperatorMessageResponse(string Afzender, MessageResponse Bericht, string OpgevraagdDoor);
