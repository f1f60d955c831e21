using System.Text.Json;
using Digipoort.Actors.Entities;
using Digipoort.Api.Rest;

namespace Digipoort.Tests.Api;

/// <summary>The overview's enum values on the wire: pinned here, mapped from the domain in one place (<see cref="ContractMapping"/>).</summary>
public class WireContractTests
{
    [Theory]
    [InlineData(MessagePhase.Submitted, "Submitted")]
    [InlineData(MessagePhase.Validating, "Validating")]
    [InlineData(MessagePhase.Delivering, "Delivering")]
    [InlineData(MessagePhase.AwaitingItems, "AwaitingItems")]
    [InlineData(MessagePhase.Refused, "Refused")]
    [InlineData(MessagePhase.Rejected, "Rejected")]
    [InlineData(MessagePhase.ValidationAborted, "ValidationAborted")]
    [InlineData(MessagePhase.Undeliverable, "Undeliverable")]
    [InlineData(MessagePhase.Completed, "Completed")]
    public void Every_phase_of_a_message_has_its_own_wire_value(MessagePhase phase, string wire) =>
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(ContractMapping.Fase(phase)));

    [Theory]
    [InlineData(DeliveryState.Pending, "Pending")]
    [InlineData(DeliveryState.Waiting, "Waiting")]
    [InlineData(DeliveryState.Delivered, "Delivered")]
    [InlineData(DeliveryState.Refused, "Refused")]
    [InlineData(DeliveryState.Expired, "Expired")]
    [InlineData(DeliveryState.NotTransformed, "NotTransformed")]
    public void Every_delivery_state_has_its_own_wire_value(DeliveryState state, string wire) =>
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(ContractMapping.Toestand(state)));

    [Fact]
    public void Every_domain_value_but_the_empty_message_is_mapped_and_no_two_share_a_wire_value()
    {
        var phases = Enum.GetValues<MessagePhase>().Where(p => p != MessagePhase.Empty).Select(ContractMapping.Fase).ToList();
        var states = Enum.GetValues<DeliveryState>().Select(ContractMapping.Toestand).ToList();

        Assert.Equal(phases.Count, phases.Distinct().Count());
        Assert.Equal(states.Count, states.Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => ContractMapping.Fase(MessagePhase.Empty));
    }

    [Fact]
    public void A_wire_value_reads_back_as_its_member_for_clients_that_deserialize_the_contract() =>
        Assert.Equal(AfleverToestand.NotTransformed, JsonSerializer.Deserialize<AfleverToestand>("\"NotTransformed\""));
}
