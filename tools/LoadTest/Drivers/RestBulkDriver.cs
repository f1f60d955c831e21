using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Digipoort.LoadTest.Generation;
using Digipoort.LoadTest.Transport;

namespace Digipoort.LoadTest.Drivers;

/// <summary>
/// POST /api/v1/messages/bulk: <see cref="BatchSize"/> messages per request as NDJSON, one JSON
/// aanleverRequest per line; the answer is one NDJSON result per line (matched by line number) and a
/// summary line. A line the node did not answer (e.g. cut off at its line cap) is a failure.
/// </summary>
public sealed class RestBulkDriver(SubmissionEnvelope envelope, int batchSize) : ISubmissionDriver
{
    /// <summary>The node's line cap per request (BulkLimits.Default.MaxLines): larger batches would be cut off.</summary>
    public const int MaxBatchSize = 1000;

    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson");

    public string Name => "rest-bulk";

    public int BatchSize => batchSize;

    public async Task<IReadOnlyList<SubmissionOutcome>> SubmitAsync(NodeTarget target, IReadOnlyList<OutgoingMessage> messages,
        CancellationToken cancellationToken)
    {
        try
        {
            var body = new ArrayBufferWriter<byte>(messages.Sum(m => m.Variant.Base64.Length + 512));
            foreach (var message in messages)
            {
                envelope.WriteJson(body, message);
                body.Write("\n"u8);
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.Address, "/api/v1/messages/bulk"))
            {
                Content = new ReadOnlyMemoryContent(body.WrittenMemory) { Headers = { ContentType = Ndjson } },
            };
            using var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var refusal = await Answers.RefusalAsync(response, cancellationToken);
                return [.. messages.Select(_ => refusal)];
            }
            return await ReadLinesAsync(response, messages.Count, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException
                                      or JsonException or IOException)
        {
            var failure = Answers.Failure(e);
            return [.. messages.Select(_ => failure)];
        }
    }

    private static async Task<IReadOnlyList<SubmissionOutcome>> ReadLinesAsync(HttpResponseMessage response, int count,
        CancellationToken cancellationToken)
    {
        var outcomes = new SubmissionOutcome?[count];
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var result = JsonSerializer.Deserialize<BulkAnswerLine>(line, Answers.Json);
            if (result?.Line is not { } number || number < 1 || number > count) continue; // the summary line
            outcomes[number - 1] = Outcome(result);
        }
        return [.. outcomes.Select(o => o ?? new SubmissionOutcome.Failed("BulkLineUnanswered", "The bulk answer had no result for this line."))];
    }

    private static SubmissionOutcome Outcome(BulkAnswerLine line)
    {
        if (line.Result?.Kenmerk is { } kenmerk) return new SubmissionOutcome.Accepted(kenmerk, line.Result.AlreadySubmitted);
        var faultCode = line.Problem?.FaultCode ?? $"HTTP {line.Status}";
        return Answers.IsThrottle(line.Status)
            ? new SubmissionOutcome.Throttled(line.Status, faultCode, line.RetryAfter is { } s ? TimeSpan.FromSeconds(s) : Answers.DefaultRetryAfter)
            : new SubmissionOutcome.Refused(line.Status, faultCode, Answers.Shorten(line.Problem?.Detail ?? ""));
    }

    private sealed record BulkAnswerLine(int? Line, int Status, AcceptedAnswer? Result, BulkAnswerProblem? Problem, int? RetryAfter);

    private sealed record BulkAnswerProblem(string? FaultCode, string? Detail);
}
