using System.Net.Http.Json;
using Digipoort.Actors.Domain;
using Digipoort.Api.Rest;
using Digipoort.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Digipoort.Tests.Api;

[Collection(NodeCollection.Name)]
public sealed class DeliveryRetryTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static Dictionary<string, string> FastRetries(Uri recipient, string deadline = "01:00:00") => new()
    {
        ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.ToString(),
        ["Digipoort:Recipients:belastingdienst:AttemptTimeout"] = "00:00:05",
        ["Digipoort:Delivery:InitialRetryDelay"] = "00:00:00.200",
        ["Digipoort:Delivery:MaxRetryDelay"] = "00:00:01",
        ["Digipoort:Delivery:Deadline"] = deadline,
    };

    [Fact]
    public async Task A_flaky_recipient_gets_the_message_exactly_once_after_420s_and_the_statuses_come_in_order()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(attempt => attempt <= 3 ? 503 : 200);
        await using var node = await TestNode.StartAsync(_data.Path, FastRetries(recipient.Endpoint));

        var accepted = await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument, "flaky-1").AcceptedAsync();
        var statuses = await node.Client.WaitForStatusAsync(accepted.Kenmerk, DigipoortStatus.AfleverenGelukt);

        Assert.Equal(["105", "100", "110", "200", "301", "405", "420", "420", "420", "400"], statuses.Select(s => s.Statuscode));
        Assert.Equal(4, recipient.Received.Count);
        Assert.Single(recipient.Received, r => r.Status == 200);
        Assert.All(recipient.Received, r => Assert.Equal($"{accepted.Kenmerk}:belastingdienst", r.Headers["Idempotency-Key"]));
        Assert.Equal(["1", "2", "3", "4"], recipient.Received.Select(r => r.Headers["Digipoort-Poging"]));
    }

    [Fact]
    public async Task A_recipient_that_refuses_ends_the_delivery_with_410_AFS400_without_retrying()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => 422);
        await using var node = await TestNode.StartAsync(_data.Path, FastRetries(recipient.Endpoint));

        var accepted = await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();
        var statuses = await node.Client.WaitForStatusAsync(accepted.Kenmerk, DigipoortStatus.AfleverenNietGelukt);

        Assert.Equal(FaultCodes.DeliveryRefused, statuses[^1].StatusFoutcode?.Foutcode);
        Assert.Contains("422", statuses[^1].Statusdetails);
        Assert.Single(recipient.Received);
    }

    [Fact]
    public async Task Delivery_that_fails_until_the_deadline_ends_with_AFS600_and_is_returned_to_the_sender()
    {
        await using var recipient = await LoopbackRecipient.StartAsync(_ => 500);
        await using var node = await TestNode.StartAsync(_data.Path, FastRetries(recipient.Endpoint, deadline: "00:00:02"));

        var accepted = await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();
        var statuses = await Eventually.ValueAsync(() => node.Client.StatusesAsync(accepted.Kenmerk),
            s => s.Any(x => x.StatusFoutcode?.Foutcode == FaultCodes.DeliveryExpired), TimeSpan.FromSeconds(30), "delivery expires");

        Assert.Equal("420", statuses[^1].Statuscode);
        Assert.True(recipient.Received.Count >= 2);
        var message = await node.Client.GetFromJsonAsync<MessageResponse>($"/api/v1/messages/{accepted.Kenmerk}", GatewayClient.Json);
        var notice = Assert.Single(message!.RetourAfzender);
        Assert.Equal("belastingdienst", notice.Ontvanger);
        Assert.Equal(AfleverToestand.Expired, Assert.Single(message.Afleveringen).Toestand);
    }

    [Fact]
    public async Task With_the_default_72_hour_deadline_a_delivery_failing_past_it_is_returned_to_the_sender()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await using var recipient = await LoopbackRecipient.StartAsync(_ => 503);
        await using var node = await TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = recipient.Endpoint.ToString(),
            ["Digipoort:Delivery:InitialRetryDelay"] = "00:00:00.500",
            ["Digipoort:Delivery:Jitter"] = "0",
        }, clock);

        var accepted = await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();
        var firstFailure = (await node.Client.WaitForStatusAsync(accepted.Kenmerk, DigipoortStatus.TechnischProbleemAfleveren))[^1];
        Assert.Null(firstFailure.StatusFoutcode);
        Assert.Equal("2026-11-30T09:00:00.000Z", accepted.TijdstempelAangeleverd);

        clock.Advance(TimeSpan.FromHours(72)); // the next attempt is then at or past the deadline

        var statuses = await Eventually.ValueAsync(() => node.Client.StatusesAsync(accepted.Kenmerk),
            s => s.Any(x => x.StatusFoutcode?.Foutcode == FaultCodes.DeliveryExpired), TimeSpan.FromSeconds(30), "delivery expires");
        Assert.Equal("2026-12-03T09:00:00.000Z", statuses[^1].TijdstempelStatus);
        Assert.True(recipient.Received.Count >= 2); // a slow machine may fit in one more early retry
        Assert.Equal(["420", "420"], statuses.Where(s => s.Statuscode.StartsWith('4')).Select(s => s.Statuscode).TakeLast(2));
    }

    public void Dispose() => _data.Dispose();
}
