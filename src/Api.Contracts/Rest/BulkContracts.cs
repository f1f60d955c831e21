namespace Digipoort.Api.Rest;

// The wire contract of POST /api/v1/messages/bulk: every request line is a SubmitMessageRequest (the
// same JSON as a single submission); every answer line is one BulkLineResult, in the order the lines
// finish (match them by Line), and the last answer line is a BulkSummary.

/// <summary>What became of one request line: what the single endpoint would have answered for it.</summary>
/// <param name="Line">1-based line number in the request (empty lines count, but get no result).</param>
/// <param name="Status">The HTTP status the single endpoint would have answered: 202, 200 (already submitted) or a problem's.</param>
/// <param name="Aanleverkenmerk">The line's aanleverkenmerk as sent, when it could be read, so a client can match results without counting lines.</param>
/// <param name="Result">For 202/200: the kenmerk, the statuses so far and the signed receipt.</param>
/// <param name="Problem">For a refused line: the problem details with the Digipoort fault code.</param>
/// <param name="RetryAfter">Seconds after which a line refused for capacity (ALS150) may be sent again.</param>
public sealed record BulkLineResult(
    int Line,
    int Status,
    string? Aanleverkenmerk = null,
    SubmissionResponse? Result = null,
    BulkProblem? Problem = null,
    int? RetryAfter = null);

/// <summary>RFC 7807 fields of a refused line, with the fault code.</summary>
public sealed record BulkProblem(string Type, string Title, int Status, string Detail, string FaultCode);

/// <summary>The last answer line.</summary>
/// <param name="Complete">False when the request was cut off at the line cap: lines after <paramref name="Lines"/> were not read.</param>
public sealed record BulkSummary(int Lines, int Accepted, int Refused, bool Complete, string? Detail = null);

/// <summary>The envelope of the summary line: <c>{"summary":{…}}</c>, so that it cannot be mistaken for a line result.</summary>
public sealed record BulkSummaryLine(BulkSummary Summary);
