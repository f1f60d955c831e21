using Microsoft.AspNetCore.Http.HttpResults;

namespace Digipoort.Api.Problems;

/// <summary>REST's rendering of a <see cref="Fault"/>: RFC 7807 problem details carrying the fault code, and Retry-After.</summary>
public static class FaultResults
{
    public const string FaultCodeExtension = "faultCode";

    /// <summary>The problem, with a Retry-After header on <paramref name="http"/>'s response when the fault says when to retry.</summary>
    public static ProblemHttpResult ToProblem(this Fault fault, HttpContext http)
    {
        if (RetryAfterSeconds(fault) is { } seconds)
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return fault.ToProblem();
    }

    /// <summary>The problem alone: for refusals that carry no Retry-After.</summary>
    public static ProblemHttpResult ToProblem(this Fault fault) =>
        TypedResults.Problem(
            detail: fault.Detail,
            statusCode: fault.HttpStatus,
            title: fault.Title,
            type: ProblemType(fault),
            extensions: new Dictionary<string, object?> { [FaultCodeExtension] = fault.Code });

    public static string ProblemType(Fault fault) => "urn:digipoort:fault:" + fault.Code;

    /// <summary>Whole seconds, at least 1, of the wait a retryable fault announces.</summary>
    public static int? RetryAfterSeconds(Fault fault) =>
        fault.RetryAfterOrDefault is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : null;
}
