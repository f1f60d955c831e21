using Microsoft.AspNetCore.Http.HttpResults;

namespace Digipoort.Api.Problems;

/// <summary>Maps a <see cref="Fault"/> to RFC 7807 problem details carrying the fault code.</summary>
public static class FaultResults
{
    public const string FaultCodeExtension = "faultCode";

    public static ProblemHttpResult ToProblem(this Fault fault) =>
        TypedResults.Problem(
            detail: fault.Detail,
            statusCode: fault.HttpStatus,
            title: fault.Title,
            type: "urn:digipoort:fault:" + fault.Code,
            extensions: new Dictionary<string, object?> { [FaultCodeExtension] = fault.Code });
}
