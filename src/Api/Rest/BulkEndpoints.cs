using System.Text.Json;
using System.Threading.Channels;
using Digipoort.Actors.Domain;
using Digipoort.Api.Gateway;
using Digipoort.Api.Identity;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Digipoort.Api.Rest;

/// <summary>
/// POST /api/v1/messages/bulk: many submissions in one request, as NDJSON (one aanleverRequest JSON per
/// line), with one result per line streamed back as NDJSON as each line is durably accepted or refused.
/// </summary>
/// <remarks>
/// Reading and answering are decoupled on purpose: lines are read only as fast as admission takes them
/// (at most <see cref="BulkLimits.Window"/> of them between reading and acceptance), while a separate
/// writer sends results as they come. If reading waited for the client to take the answers, a client
/// that sends its whole body before reading (HTTP/1.1 clients often do) would deadlock with the server.
/// The unsent results are bounded by the line cap. The whole request counts once against the sender's
/// request rate and the submission concurrency limit.
/// </remarks>
public static class BulkEndpoints
{
    public const string MediaType = "application/x-ndjson";

    private static readonly ReadOnlyMemory<byte> LineEnd = "\n"u8.ToArray();

    public static IEndpointRouteBuilder MapBulkSubmissionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/messages/bulk", SubmitBulkAsync)
            .WithTags("Messages")
            .RequireRateLimiting(ApiRegistration.SubmissionLimiter)
            .WithName("SubmitMessagesBulk")
            .WithSummary("Submit many messages in one request (NDJSON)")
            .WithDescription(
                $"Body: {MediaType}, one aanleverRequest per line in the JSON shape of POST /api/v1/messages (base64 content). " +
                "Each line is taken in exactly like a single submission; a line that is refused does not affect the others. " +
                $"The answer is 200 with {MediaType}: one BulkLineResult per line, in the order lines finish (match by 'line' or " +
                "'aanleverkenmerk'), with 'status' the single endpoint's status (202, 200 for a repeat, or a problem's) and either " +
                "'result' (kenmerk, statuses, signed receipt) or 'problem' (with the Digipoort faultCode; 'retryAfter' seconds for ALS150). " +
                $"The last line is {{\"summary\":{{lines, accepted, refused, complete}}}}. At most {BulkLimits.Default.MaxLines} lines " +
                "are read per request; with more, 'complete' is false and the rest must be sent again. The body is read only as fast " +
                "as the gateway admits lines, so a busy gateway slows the upload instead of refusing it.")
            .Accepts<SubmitMessageRequest>(MediaType)
            .Produces<BulkLineResult>(StatusCodes.Status200OK, MediaType)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> SubmitBulkAsync(
        HttpContext http, MessageGateway gateway, SubmissionIntake intake, ISenderIdentityResolver identities, LargeJsonGate largeJson,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        if (identities.Resolve(http) is not { } sender) return Fault.SenderUnknown().ToProblem();
        if (!IsNdjson(http.Request.ContentType))
            return Fault.UnsupportedMediaType($"Send {MediaType}: one aanleverRequest JSON per line.").ToProblem();

        var limits = BulkLimits.Default;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = MediaType;
        var answers = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var writer = WriteAnswersAsync(http.Response, answers.Reader, json.Value.SerializerOptions, cancellationToken);

        var summary = await SubmitLinesAsync(http.Request, sender, new BulkLineSubmission(gateway, intake, largeJson, limits), limits,
            BulkLimits.MaxLineBytes(intake.MaxContentBytes), answers.Writer, cancellationToken);
        answers.Writer.TryWrite(new BulkSummaryLine(summary));
        answers.Writer.Complete();
        await writer;
        return TypedResults.Empty;
    }

    private static async Task<BulkSummary> SubmitLinesAsync(HttpRequest request, SenderIdentity sender, BulkLineSubmission submission,
        BulkLimits limits, long maxLineBytes, ChannelWriter<object> answers, CancellationToken cancellationToken)
    {
        using var window = new SemaphoreSlim(limits.Window, limits.Window);
        var inFlight = new List<Task>();
        int lines = 0, accepted = 0, refused = 0;
        var complete = true;
        try
        {
            await foreach (var line in BulkLineReader.ReadAsync(request.BodyReader, maxLineBytes, cancellationToken))
            {
                if (lines == limits.MaxLines)
                {
                    complete = false;
                    break;
                }
                lines++;
                // Backpressure: the next line is read only when one of the window's lines has been admitted.
                await window.WaitAsync(cancellationToken);
                inFlight.Add(SubmitOneAsync(line));
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        finally
        {
            // Every started line releases its slot and answers; let them finish before the window goes away.
            await Task.WhenAll(inFlight);
        }
        return new BulkSummary(lines, accepted, refused, complete,
            complete ? null : $"Only the first {limits.MaxLines} lines were read; send the rest in another request.");

        async Task SubmitOneAsync(BulkLine line)
        {
            try
            {
                var result = await submission.SubmitAsync(line, sender, cancellationToken);
                Interlocked.Increment(ref result.Result is null ? ref refused : ref accepted);
                answers.TryWrite(result);
            }
            finally
            {
                window.Release();
            }
        }
    }

    private static async Task WriteAnswersAsync(HttpResponse response, ChannelReader<object> answers, JsonSerializerOptions options,
        CancellationToken cancellationToken)
    {
        var body = response.Body;
        await foreach (var answer in answers.ReadAllAsync(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(body, answer, answer.GetType(), options, cancellationToken);
            await body.WriteAsync(LineEnd, cancellationToken);
            // Flush when nothing else is waiting, so each result reaches the client as soon as it is known.
            if (!answers.TryPeek(out _)) await body.FlushAsync(cancellationToken);
        }
    }

    private static bool IsNdjson(string? contentType) =>
        contentType is not null
        && (contentType.Split(';', 2)[0].Trim() is var media)
        && (media.Equals(MediaType, StringComparison.OrdinalIgnoreCase) || media.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase));
}
