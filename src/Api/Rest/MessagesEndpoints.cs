using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Api.Gateway;
using Digipoort.Api.Identity;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digipoort.Api.Rest;

/// <summary>
/// The sender-facing REST API: submit (aanleveren), statuses (getStatussenProces /
/// getNieuweStatussenProces) and a message overview. Each handler translates, asks the <see cref="MessageGateway"/> once, maps.
/// </summary>
public static class MessagesEndpoints
{
    public const string SubmitEndpointName = "SubmitMessage";

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/api/v1/messages").WithTags("Messages");

        messages.MapPost("/", SubmitAsync)
            .RequireRateLimiting(ApiRegistration.SubmissionLimiter)
            .WithName(SubmitEndpointName)
            .WithSummary("Submit a message (aanleveren)")
            .WithDescription("JSON with base64 content, or multipart/form-data with the document in part 'berichtInhoud' " +
                             "and attachments in parts 'berichtBijlage'. Answers 202 with the kenmerk and the statuses so far; " +
                             "a repeated submission of the same content under the same aanleverkenmerk answers 200 with the existing kenmerk. " +
                             "Both carry ontvangstbewijs: the acceptance signed by the gateway (see POST /api/v1/receipts/verify).")
            .Accepts<SubmitMessageRequest>("application/json", "multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        messages.MapGet("/{kenmerk}", GetMessageAsync)
            .WithName("GetMessage")
            .WithSummary("The message's overview: deliveries per recipient, latest status, return-to-sender notices");

        messages.MapGet("/{kenmerk}/items", GetBatchItemsAsync)
            .WithName("GetBatchItems")
            .WithSummary("A batch's items (messages of their own), in delivery order; offset and limit (at most 1000) page through them");

        messages.MapGet("/{kenmerk}/statuses", GetStatusesAsync)
            .WithName("GetStatuses")
            .WithSummary("The message's statuses, oldest first (getStatussenProces); from/to limit them by time (getNieuweStatussenProces)");

        return app;
    }

    internal static async Task<Results<Accepted<SubmissionResponse>, Ok<SubmissionResponse>, ProblemHttpResult>> SubmitAsync(
        HttpContext http, MessageGateway gateway, SubmissionIntake intake, ISenderIdentityResolver identities, LargeJsonGate largeJson,
        CancellationToken cancellationToken)
    {
        if (identities.Resolve(http) is not { } sender) return Fault.SenderUnknown().ToProblem();

        await using var staging = intake.BeginStaging();
        var (parts, fault) = http.Request.HasJsonContentType()
            ? await JsonSubmissionReader.ReadAsync(http.Request, staging, largeJson, cancellationToken)
            : http.Request.HasFormContentType && http.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
                ? await MultipartSubmissionReader.ReadAsync(http.Request, staging, cancellationToken)
                : (null, Fault.UnsupportedMediaType("Send application/json or multipart/form-data."));
        if (fault is not null) return fault.ToProblem(http);

        return SubmissionAnswers.ToResult(await gateway.SubmitAsync(sender, parts!, cancellationToken), http);
    }

    internal static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> GetMessageAsync(
        string kenmerk, HttpContext http, ISenderIdentityResolver identities, MessageGateway gateway, CancellationToken cancellationToken)
    {
        if (identities.Resolve(http) is not { } requester) return Fault.SenderUnknown().ToProblem();
        if (!Kenmerk.TryParse(kenmerk, out var id)) return Fault.InvalidStatusRequest("kenmerk must be a UUID.").ToProblem();

        var answer = await gateway.SummaryAsync(requester, id, cancellationToken);
        return answer.Value is { } summary ? TypedResults.Ok(ContractMapping.Message(summary)) : answer.Fault!.ToProblem(http);
    }

    /// <summary>
    /// The items' kenmerken are derived from the batch's and their place, so a page costs one question to the
    /// batch (whose it is, how many items) however large the batch.
    /// </summary>
    internal static async Task<Results<Ok<BatchItemsResponse>, ProblemHttpResult>> GetBatchItemsAsync(
        string kenmerk, int? offset, int? limit, HttpContext http, ISenderIdentityResolver identities, MessageGateway gateway,
        CancellationToken cancellationToken)
    {
        if (identities.Resolve(http) is not { } requester) return Fault.SenderUnknown().ToProblem();
        if (!Kenmerk.TryParse(kenmerk, out var id)) return Fault.InvalidStatusRequest("kenmerk must be a UUID.").ToProblem();
        if (offset is < 0 || limit is < 1 or > MaxItemsPage)
            return Fault.InvalidStatusRequest($"offset must be 0 or more and limit between 1 and {MaxItemsPage}.").ToProblem();

        var answer = await gateway.SummaryAsync(requester, id, cancellationToken);
        if (answer.Value is not { } summary) return answer.Fault!.ToProblem(http);

        var total = summary.Batch?.Items ?? 0;
        var from = Math.Min(offset ?? 0, total);
        var count = Math.Min(limit ?? 100, total - from);
        return TypedResults.Ok(new BatchItemsResponse(id.Value, total, from,
            [.. Enumerable.Range(from, count).Select(i => new BatchItemDto(i + 1, Kenmerk.ForBatchItem(id, i).Value))]));
    }

    private const int MaxItemsPage = 1000;

    internal static async Task<Results<Ok<StatusesResponse>, ProblemHttpResult>> GetStatusesAsync(
        string kenmerk, string? from, string? to, HttpContext http, ISenderIdentityResolver identities, MessageGateway gateway,
        CancellationToken cancellationToken)
    {
        if (identities.Resolve(http) is not { } requester) return Fault.SenderUnknown().ToProblem();
        if (!Kenmerk.TryParse(kenmerk, out var id)) return Fault.InvalidStatusRequest("kenmerk must be a UUID.").ToProblem();
        DateTimeOffset? fromAt = null, toAt = null;
        if (from is not null)
        {
            if (!Timestamps.TryParse(from, out var parsed)) return Fault.InvalidStatusRequest("from must be an ISO 8601 date-time.").ToProblem();
            fromAt = parsed;
        }
        if (to is not null)
        {
            if (!Timestamps.TryParse(to, out var parsed)) return Fault.InvalidStatusRequest("to must be an ISO 8601 date-time.").ToProblem();
            toAt = parsed;
        }
        if (fromAt > toAt) return Fault.InvalidStatusRequest("from must not be later than to.").ToProblem();

        var answer = await gateway.StatusesAsync(requester, id, fromAt, toAt, cancellationToken);
        return answer.Value is { } statuses
            ? TypedResults.Ok(new StatusesResponse(statuses.Kenmerk, [.. statuses.Statuses.Select(ContractMapping.Status)]))
            : answer.Fault!.ToProblem(http);
    }
}
