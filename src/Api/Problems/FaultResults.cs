using Microsoft.AspNetCore.Http.HttpResults;

namespace Digipoort.Api.Problems;

/// <summary>Maps a <see cref="Fault"/> to RFC 7807 problem details carrying the fault code.</summary>
public static class FaultResults
{
    public const string FaultCodeExtension = "faultCode";

    /// <summary>The problem, with a Retry-After header on <paramref name="http"/>'s response when the fault says when to retry.</summary>
    public static ProblemHttpResult ToProblem(this Fault fault, HttpContext http)
    {
        if (fault.RetryAfter is { } wait)
            http.Response.Headers.RetryAfter =
                Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return fault.ToProblem();
    }

    public static ProblemHttpResult ToProblem(this Fault fault) =>
        TypedResults.Problem(
            detail: fault.Detail,
            statusCode: fault.HttpStatus,
            title: fault.Title,
            type: "urn:digipoort:fault:" + fault.Code,
            extensions: new Dictionary<string, object?> { [FaultCodeExtension] = fault.Code });
}
