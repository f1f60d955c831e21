using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit.Xunit2;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing.Authorisation;
using Digipoort.Actors.SenderViews;
using Digipoort.Api;
using Digipoort.Api.Gateway;
using Digipoort.Api.Identity;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Digipoort.Tests.Api;

/// <summary>The facade against a stand-in for the message region: typed results, the one timeout, who may read what.</summary>
public sealed class MessageGatewayTests : TestKit
{
    private static readonly SenderIdentity Owner = SenderIdentity.From("00000003123456780000");
    private static readonly SenderIdentity Stranger = SenderIdentity.From("00000003999999990000");

    [Fact]
    public async Task A_message_that_does_not_answer_in_time_is_a_retryable_STS400_not_an_exception()
    {
        var region = CreateTestProbe(); // never answers
        var gateway = Gateway(region.Ref, TimeSpan.FromMilliseconds(200));

        var answer = await gateway.StatusesAsync(Owner, Kenmerk.New(), null, null, CancellationToken.None);

        Assert.Null(answer.Value);
        Assert.Equal((Refusal.NotAnsweredInTime, "STS400", 503), (answer.Fault!.Refusal, answer.Fault.Code, answer.Fault.HttpStatus));
        Assert.NotNull(answer.Fault.RetryAfterOrDefault);
    }

    [Fact]
    public async Task Its_owner_gets_the_statuses_and_anyone_else_an_unknown_kenmerk()
    {
        var kenmerk = Kenmerk.New();
        var region = CreateTestProbe();
        var gateway = Gateway(region.Ref, TimeSpan.FromSeconds(10));

        var forOwner = gateway.StatusesAsync(Owner, kenmerk, null, null, CancellationToken.None);
        Reply(region, kenmerk);
        var forStranger = gateway.StatusesAsync(Stranger, kenmerk, null, null, CancellationToken.None);
        Reply(region, kenmerk);

        Assert.Equal(kenmerk.Value, (await forOwner).Value!.Kenmerk);
        Assert.Equal(FaultCodes.UnknownKenmerk, (await forStranger).Fault!.Code);
    }

    [Fact]
    public void The_query_timeout_is_read_from_the_Gateway_section_of_the_configuration()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Digipoort:Gateway:QueryTimeout"] = "00:00:07" }).Build())
            .AddDigipoortApi(new RequestLimits(1, 1, 1, 1, TimeSpan.FromSeconds(1), new SenderRateLimit(1, 1, TimeSpan.FromSeconds(1))));

        using var provider = services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(7), provider.GetRequiredService<IOptions<GatewaySettings>>().Value.QueryTimeout);
    }

    private static void Reply(Akka.TestKit.TestProbe region, Kenmerk kenmerk)
    {
        region.ExpectMsg<GetMessageStatuses>(q => q.Kenmerk == kenmerk.Value);
        region.Reply(new MessageStatusesReply(kenmerk.Value, true, new MessageOwner(Owner, "Omzetbelasting", new Identiteit("001000044B37", "Fi")),
            [StatusEntry.Of(DigipoortStatus.AanleverprocesGestart, DateTimeOffset.UtcNow)]));
    }

    private MessageGateway Gateway(IActorRef region, TimeSpan queryTimeout) =>
        // Queries never reach the intake, so none is given. This actor system has no SQL journal: reading a message's
        // journal fails and the stand-in region answers, as the actors do when a node's journal cannot be read.
        new(new Region(region), intake: null!, new MessageReadAccess(new AuthorisationMatrixProvider(
            new AuthorisationMatrix(new Dictionary<string, SenderEntitlement>())), TimeProvider.System),
            new MessageJournalReader(Sys), Options.Create(new GatewaySettings { QueryTimeout = queryTimeout }));

    private sealed class Region(IActorRef region) : IRequiredActor<MessageActor>
    {
        public IActorRef ActorRef => region;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(region);
    }
}
