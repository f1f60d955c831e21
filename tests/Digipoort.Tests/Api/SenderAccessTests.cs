using System.Net;
using Digipoort.Actors.Domain;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

/// <summary>
/// The authorisation matrix at work on a real node: intermediaries and mandates, isolation between
/// senders, changes to the matrix file taking effect while the node runs, and per-sender rate limits.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class SenderAccessTests : IAsyncLifetime
{
    private const string Owner = TestNode.Sender;
    private const string Mandated = "00000003876543210000";
    private const string ExpiredMandate = "00000003444444440000";
    private const string NoMandate = "00000003555555550000";
    private const string Newcomer = "00000003666666660000";

    private readonly TempDirectory _data = new();
    private string MatrixFile => Path.Combine(_data.Path, "authorisation.json");
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(MatrixFile, Matrix(newcomerAllowed: false));
        _node = await TestNode.StartAsync(Path.Combine(_data.Path, "data"), new Dictionary<string, string>
        {
            ["Digipoort:AuthorisationFile"] = MatrixFile,
        });
    }

    [Fact]
    public async Task An_intermediary_with_a_valid_mandate_is_authorised_with_200()
    {
        var accepted = await _node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, sender: Mandated).AcceptedAsync();

        Assert.Equal("200", accepted.Statussen[^1].Statuscode);
    }

    [Theory]
    [InlineData(ExpiredMandate, "not valid on")]
    [InlineData(NoMandate, "holds no mandate")]
    public async Task An_intermediary_without_a_valid_mandate_ends_with_210_and_the_reason(string sender, string reason)
    {
        var accepted = await _node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, sender: sender).AcceptedAsync();

        var refused = accepted.Statussen[^1];
        Assert.Equal(("210", FaultCodes.NotAuthorised), (refused.Statuscode, refused.StatusFoutcode?.Foutcode));
        Assert.Contains(reason, refused.Statusdetails);
    }

    [Fact]
    public async Task Another_senders_message_looks_exactly_like_an_unknown_kenmerk()
    {
        var theirs = await _node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, sender: Owner).AcceptedAsync();
        var unknown = Guid.NewGuid().ToString();

        var (foreignStatus, foreignProblem) = await GetAsync($"/api/v1/messages/{theirs.Kenmerk}/statuses", NoMandate);
        var (unknownStatus, unknownProblem) = await GetAsync($"/api/v1/messages/{unknown}/statuses", NoMandate);
        var (foreignOverview, _) = await GetAsync($"/api/v1/messages/{theirs.Kenmerk}", NoMandate);

        Assert.Equal(HttpStatusCode.NotFound, foreignStatus);
        Assert.Equal(unknownStatus, foreignStatus);
        Assert.Equal(HttpStatusCode.NotFound, foreignOverview);
        Assert.Equal(unknownProblem.Replace(unknown, "K", StringComparison.Ordinal), foreignProblem.Replace(theirs.Kenmerk, "K", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sender_and_a_mandated_intermediary_may_follow_the_message()
    {
        var accepted = await _node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, sender: Owner).AcceptedAsync();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/v1/messages/{accepted.Kenmerk}/statuses", Owner)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/v1/messages/{accepted.Kenmerk}/statuses", Mandated)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/api/v1/messages/{accepted.Kenmerk}/statuses", ExpiredMandate)).Status);
    }

    [Fact]
    public async Task A_change_to_the_matrix_file_takes_effect_without_a_restart()
    {
        var before = await _node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, sender: Newcomer).AcceptedAsync();
        Assert.Equal("210", before.Statussen[^1].Statuscode);

        await File.WriteAllTextAsync(MatrixFile, Matrix(newcomerAllowed: true));

        await Eventually.UntilAsync(async () =>
        {
            var attempt = await _node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, sender: Newcomer).AcceptedAsync();
            return attempt.Statussen[^1].Statuscode == "200";
        }, TimeSpan.FromSeconds(30), "the newcomer is authorised by the changed matrix");
    }

    private async Task<(HttpStatusCode Status, string Problem)> GetAsync(string path, string sender)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Digipoort-Sender", sender);
        using var response = await _node.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        // The trace id differs per request by design; everything else must not.
        return (response.StatusCode, System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", ""));
    }

    private static string Matrix(bool newcomerAllowed) => $$"""
        {
          "Senders": {
            "{{Owner}}": { "Berichtsoorten": [ "*" ] },
            "{{Mandated}}": { "Role": "Intermediair", "Mandates": [
              { "Belanghebbende": "001000044B37", "Type": "Fi", "Berichtsoorten": [ "Omzetbelasting" ], "ValidFrom": "2020-01-01", "ValidUntil": "2099-12-31" } ] },
            "{{ExpiredMandate}}": { "Role": "Intermediair", "Mandates": [
              { "Belanghebbende": "001000044B37", "Type": "Fi", "Berichtsoorten": [ "Omzetbelasting" ], "ValidFrom": "2020-01-01", "ValidUntil": "2021-12-31" } ] },
            "{{NoMandate}}": { "Role": "Intermediair" }{{(newcomerAllowed ? $$""", "{{Newcomer}}": { "Berichtsoorten": [ "Omzetbelasting" ] }""" : "")}}
          }
        }
        """;

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _data.Dispose();
    }
}
