using System.Net;
using System.Net.Http.Json;
using Akka.Cluster;
using Digipoort.Api.Operations;
using Digipoort.Node.Pki;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

/// <summary>
/// GET /ops/v1/cluster on a real single node over real mutual TLS: the operator's certificate opens it, and what it
/// says about members and shards is what the node's own cluster and shard region say.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class OperatorClusterApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private TestNode Node => gateway.Node;

    [Fact]
    public async Task The_operator_sees_the_single_node_as_self_leader_and_oldest_with_the_shard_and_entity_of_a_live_message()
    {
        var pki = DevPki.Load(Node.PkiDirectory);
        using var sender = Node.TlsClient(pki.Clients["sender"]);
        using var @operator = Node.TlsClient(pki.Clients["operator"]);
        // A message just accepted is live in its shard: it stays in memory until it has been final and idle for a while.
        await sender.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();

        var view = (await @operator.GetFromJsonAsync<OperatorClusterResponse>("/ops/v1/cluster", GatewayClient.Json))!;

        var self = Cluster.Get(Node.System).SelfAddress.ToString();
        var member = Assert.Single(view.Members);
        Assert.Equal((self, self, self, self), (view.Self, view.Leader, view.Oldest, member.Address));
        Assert.Equal(["message"], member.Roles);
        Assert.Equal(OperatorMemberStatus.Up, member.Status);
        Assert.True(member is { Reachable: true, Self: true, Leader: true, Oldest: true, FailedShards: null }, $"{member}");
        Assert.True(member is { Shards: >= 1, Entities: >= 1 }, $"{member}");
        Assert.Equal(new OperatorShardingSummary("message", OperatorShardStatisticsStatus.Complete, member.Shards.Value, member.Entities.Value),
            view.Sharding);
    }

    [Fact]
    public async Task The_cluster_view_names_statuses_as_words_on_the_wire()
    {
        using var @operator = Node.TlsClient(DevPki.Load(Node.PkiDirectory).Clients["operator"]);

        var json = await @operator.GetStringAsync("/ops/v1/cluster");

        Assert.Contains("\"status\":\"Up\"", json);
        // Which one depends on whether the shard region has found its coordinator yet; a word in any case.
        Assert.Matches("\"sharding\":\\{[^}]*\"status\":\"(Complete|Partial|Unavailable)\"", json);
    }

    [Fact]
    public async Task Senders_and_development_identities_are_refused_the_cluster_view()
    {
        using var sender = Node.TlsClient(DevPki.Load(Node.PkiDirectory).Clients["sender"]);

        using var asSender = await sender.GetAsync("/ops/v1/cluster");
        using var asDevelopmentIdentity = await Node.Client.GetAsync("/ops/v1/cluster");

        Assert.Equal(HttpStatusCode.Forbidden, asSender.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asDevelopmentIdentity.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_cluster_view_and_its_statuses()
    {
        var document = await Node.Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/ops/v1/cluster", document);
        Assert.Contains("OperatorClusterResponse", document);
        Assert.Contains("\"Unavailable\"", document);
        Assert.Contains("\"WeaklyUp\"", document);
    }
}
