using System.Net;
using System.Net.Http.Json;
using Digipoort.Actors.Domain;
using Digipoort.Api.Rest;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

[Collection(NodeCollection.Name)]
public sealed class StatusApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Node.Client;

    [Fact]
    public async Task From_and_to_select_the_statuses_in_that_time_range()
    {
        var accepted = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();
        var all = await Client.WaitForStatusAsync(accepted.Kenmerk, DigipoortStatus.AfleverenGelukt);
        var from = all.First(s => s.Statuscode == "301").TijdstempelStatus;

        var later = await Client.GetFromJsonAsync<StatusesResponse>(
            $"/api/v1/messages/{accepted.Kenmerk}/statuses?from={Uri.EscapeDataString(from)}", GatewayClient.Json);
        var upToSubmission = await Client.GetFromJsonAsync<StatusesResponse>(
            $"/api/v1/messages/{accepted.Kenmerk}/statuses?to={Uri.EscapeDataString(accepted.TijdstempelAangeleverd)}", GatewayClient.Json);

        Assert.Equal(all.SkipWhile(s => s.Statuscode != "301").Select(s => s.Statuscode), later!.Statussen.Select(s => s.Statuscode));
        Assert.Equal(["105", "100", "110", "200"], upToSubmission!.Statussen.Select(s => s.Statuscode));
    }

    [Fact]
    public async Task The_message_overview_shows_each_recipients_delivery()
    {
        var accepted = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();
        await Client.WaitForStatusAsync(accepted.Kenmerk, DigipoortStatus.AfleverenGelukt);

        var message = await Client.GetFromJsonAsync<MessageResponse>($"/api/v1/messages/{accepted.Kenmerk}", GatewayClient.Json);

        Assert.Equal("Omzetbelasting", message!.Berichtsoort);
        Assert.True(message.Afgerond);
        var delivery = Assert.Single(message.Afleveringen);
        Assert.Equal(("belastingdienst", AfleverToestand.Delivered, 1), (delivery.Ontvanger, delivery.Toestand, delivery.Pogingen));
        Assert.Empty(message.RetourAfzender);
    }

    [Fact]
    public async Task An_unknown_kenmerk_answers_404_with_STS110()
    {
        using var response = await Client.GetAsync($"/api/v1/messages/{Guid.NewGuid()}/statuses");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(FaultCodes.UnknownKenmerk, (await response.ProblemAsync()).GetProperty("faultCode").GetString());
    }

    [Theory]
    [InlineData("not-a-kenmerk/statuses")]
    [InlineData("0b9d3c3e-6f8a-4d6e-9f1e-2a7c4b5d6e7f/statuses?from=yesterday")]
    [InlineData("0b9d3c3e-6f8a-4d6e-9f1e-2a7c4b5d6e7f/statuses?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    public async Task A_malformed_status_request_is_refused_with_STS100(string path)
    {
        using var response = await Client.GetAsync("/api/v1/messages/" + path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(FaultCodes.StatusRequestInvalid, (await response.ProblemAsync()).GetProperty("faultCode").GetString());
    }

    [Fact]
    public async Task The_message_types_list_the_catalogue()
    {
        var types = await Client.GetFromJsonAsync<List<MessageTypeDto>>("/api/v1/message-types", GatewayClient.Json);

        var omzetbelasting = Assert.Single(types!, t => t.Berichtsoort == "Omzetbelasting");
        Assert.False(string.IsNullOrWhiteSpace(omzetbelasting.Omschrijving));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/v1")]
    public async Task Operational_endpoints_answer(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_message_endpoints()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/messages/{kenmerk}/statuses", document);
        Assert.Contains("SubmitMessage", document);
    }
}
