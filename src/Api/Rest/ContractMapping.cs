using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Api.Problems;
using Digipoort.Api.Receipts;

namespace Digipoort.Api.Rest;

/// <summary>
/// The one place where the domain becomes the wire contract (Digipoort.Api.Contracts): replies, statuses, phases and
/// delivery states onto the REST records and their explicit enum values. Renaming a domain member changes nothing on
/// the wire; a domain value without a wire value fails here, and its test, instead of going out under its C# name.
/// </summary>
public static class ContractMapping
{
    public static StatusDto Status(StatusEntry s) => new(
        s.Code,
        Timestamps.Format(s.Timestamp),
        s.Description,
        s.FaultCode is null ? null : new FoutDto(s.FaultCode, s.Details ?? s.Description),
        s.Details,
        s.Recipient,
        s.Findings?.Select(f => new ConstateringDto(f.Code, f.Description, f.Line, f.Position)).ToList());

    public static SubmissionResponse Submission(SubmitReply reply, OntvangstbewijsDto? ontvangstbewijs = null) => new(
        reply.Kenmerk, Timestamps.Format(reply.AcceptedAt), reply.Outcome == SubmitOutcome.Duplicate,
        [.. reply.Statuses.Select(Status)], ontvangstbewijs);

    public static MessageResponse Message(MessageSummaryReply m) => new(
        m.Kenmerk,
        m.Envelope!.Berichtsoort,
        m.Envelope.Aanleverkenmerk,
        new IdentiteitDto(m.Envelope.IdentiteitBelanghebbende.Nummer, m.Envelope.IdentiteitBelanghebbende.Type),
        Timestamps.Format(m.AcceptedAt!.Value),
        Fase(Enum.Parse<MessagePhase>(m.Phase)),
        m.IsFinal,
        m.LatestStatus is null ? null : Status(m.LatestStatus),
        [.. m.Deliveries.Select(d => new DeliveryDto(d.Recipient, Toestand(Enum.Parse<DeliveryState>(d.State)), d.Attempts,
            d.NextAttemptAt is { } next ? Timestamps.Format(next) : null,
            d.CompletedAt is { } done ? Timestamps.Format(done) : null, d.Part))],
        [.. m.ReturnedToSender.Select(r => new ReturnToSenderDto(r.Recipient, r.Reason, Timestamps.Format(r.At)))],
        m.Batch is { } b ? new BatchDto(b.Items, b.ItemBerichtsoort, b.Ordered, b.Finished, b.Delivered, b.NotDelivered) : null,
        m.BatchItem is { } item ? new BatchOnderdeelDto(item.ParentKenmerk, item.Index + 1) : null);

    public static MessageFase Fase(MessagePhase phase) => phase switch
    {
        MessagePhase.Submitted => MessageFase.Submitted,
        MessagePhase.Validating => MessageFase.Validating,
        MessagePhase.Delivering => MessageFase.Delivering,
        MessagePhase.AwaitingItems => MessageFase.AwaitingItems,
        MessagePhase.Refused => MessageFase.Refused,
        MessagePhase.Rejected => MessageFase.Rejected,
        MessagePhase.ValidationAborted => MessageFase.ValidationAborted,
        MessagePhase.Undeliverable => MessageFase.Undeliverable,
        MessagePhase.Completed => MessageFase.Completed,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "A phase without a wire value (an empty message has no overview)."),
    };

    public static AfleverToestand Toestand(DeliveryState state) => state switch
    {
        DeliveryState.Pending => AfleverToestand.Pending,
        DeliveryState.Waiting => AfleverToestand.Waiting,
        DeliveryState.Delivered => AfleverToestand.Delivered,
        DeliveryState.Refused => AfleverToestand.Refused,
        DeliveryState.Expired => AfleverToestand.Expired,
        DeliveryState.NotTransformed => AfleverToestand.NotTransformed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "A delivery state without a wire value."),
    };

    public static BulkProblem Problem(Fault fault) =>
        new(FaultResults.ProblemType(fault), fault.Title, fault.HttpStatus, fault.Detail, fault.Code);

    public static OntvangstbewijsDto Ontvangstbewijs(SignedReceipt signed) =>
        new(Convert.ToBase64String(signed.Content), Convert.ToBase64String(signed.Signature), SignedReceipt.Algorithm);
}
