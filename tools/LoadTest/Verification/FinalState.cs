using Digipoort.Api.Rest;

namespace Digipoort.LoadTest.Verification;

/// <summary>What the node says about a message that reached a final status.</summary>
/// <param name="Fase">The message's phase as the overview gives it (null when the answer had none).</param>
/// <param name="FinalAt">The final status's timestamp (the node's clock, UTC).</param>
/// <param name="DeliveredTo">Recipients whose delivery ended delivered (400).</param>
/// <param name="NotDeliveredTo">Recipients whose delivery ended refused or expired (410, 420 + AFS600).</param>
/// <param name="Batch">For a batch that was cut into items: how its items ended (the batch itself delivers nothing).</param>
public sealed record FinalState(string Kenmerk, MessageFase? Fase, string? LastStatus, string? FaultCode, DateTimeOffset? FinalAt,
    IReadOnlyList<string> DeliveredTo, IReadOnlyList<string> NotDeliveredTo, BatchCounts? Batch = null);

/// <summary>A batch's items as the batch reports them (<c>batch</c> in the message overview).</summary>
public sealed record BatchCounts(int Items, int Finished, int Delivered, int NotDelivered);

/// <summary>How a message ended, as far as a sender can tell.</summary>
public enum FinalKind
{
    /// <summary>Delivered to every recipient it was routed to.</summary>
    Delivered,

    /// <summary>Ended without any delivery: refused, rejected, no recipient, or every delivery failed.</summary>
    NotDelivered,

    /// <summary>Delivered to some recipients and not to others.</summary>
    PartlyDelivered,

    /// <summary>Final without deliveries and without a refusal (e.g. a batch of no items).</summary>
    Other,
}

/// <summary>
/// Pure judgements over final states. A sample named <c>*-valid.xml</c> should end delivered and one named
/// <c>*-invalid*.xml</c> should not be delivered anywhere; anything else is a wrong final outcome. Only the
/// wire contract is read (phase name, delivery states), so new statuses do not need the tool changed.
/// A batch is judged by its items (delivered, not delivered), since it delivers nothing itself.
/// </summary>
public static class FinalOutcome
{
    /// <summary>Phases in which the gateway itself refused the message (210, 311, 321 + VAS400, 410 + AFS100).</summary>
    private static readonly HashSet<MessageFase> RefusalPhases =
        [MessageFase.Refused, MessageFase.Rejected, MessageFase.ValidationAborted, MessageFase.Undeliverable];

    public static FinalKind Classify(FinalState state)
    {
        var refused = state.Fase is { } fase && RefusalPhases.Contains(fase) || state.NotDeliveredTo.Count > 0 || state.Batch is { NotDelivered: > 0 };
        var delivered = state.DeliveredTo.Count > 0 || state.Batch is { Delivered: > 0 };
        return (delivered, refused) switch
        {
            (true, false) => FinalKind.Delivered,
            (true, true) => FinalKind.PartlyDelivered,
            (false, true) => FinalKind.NotDelivered,
            (false, false) => FinalKind.Other,
        };
    }

    /// <summary>Why the outcome is wrong for what the sample should do; null when it is right.</summary>
    public static string? Wrong(bool expectValid, FinalState state) => (expectValid, Classify(state)) switch
    {
        (true, FinalKind.NotDelivered or FinalKind.PartlyDelivered) =>
            $"a valid sample ended {state.Fase} (last status {state.LastStatus}{Fault(state)}){NotDelivered(state)}",
        (false, FinalKind.Delivered or FinalKind.PartlyDelivered) =>
            $"an invalid sample was delivered to {DeliveredTo(state)} (phase {state.Fase}, last status {state.LastStatus})",
        _ => null,
    };

    private static string Fault(FinalState state) => state.FaultCode is { } code ? $" {code}" : "";

    private static string NotDelivered(FinalState state) =>
        state.Batch is { NotDelivered: > 0 } batch ? $"; {batch.NotDelivered} of its {batch.Items} items not delivered"
        : state.NotDeliveredTo.Count > 0 ? $"; not delivered to {string.Join(", ", state.NotDeliveredTo)}"
        : "";

    private static string DeliveredTo(FinalState state) =>
        state.Batch is { Delivered: > 0 } batch ? $"its recipients through {batch.Delivered} of its {batch.Items} items" : string.Join(", ", state.DeliveredTo);
}
