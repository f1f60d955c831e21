using Digipoort.Actors.Messages;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digipoort.Api.Rest;

/// <summary>What REST and bulk answer for a submission: the same status and body for the same outcome (<see cref="AnswerTable"/>).</summary>
internal static class SubmissionAnswers
{
    /// <summary>The HTTP status and body of an accepted submission, with its signed receipt.</summary>
    public static (int Status, SubmissionResponse Body) Of(IntakeOutcome.Accepted accepted)
    {
        var repeat = accepted.Reply.Outcome == SubmitOutcome.Duplicate;
        return (AnswerTable.HttpStatusOfAcceptance(repeat), ContractMapping.Submission(accepted.Reply, ContractMapping.Ontvangstbewijs(accepted.Receipt)));
    }

    public static Results<Accepted<SubmissionResponse>, Ok<SubmissionResponse>, ProblemHttpResult> ToResult(IntakeOutcome outcome, HttpContext http)
    {
        if (outcome is IntakeOutcome.Refused refused) return refused.Fault.ToProblem(http);
        var (status, body) = Of((IntakeOutcome.Accepted)outcome);
        return status == StatusCodes.Status200OK ? TypedResults.Ok(body) : TypedResults.Accepted($"/api/v1/messages/{body.Kenmerk}", body);
    }

    /// <summary>One bulk line's result: the single endpoint's status with its body or its problem.</summary>
    public static BulkLineResult Line(int line, string? aanleverkenmerk, IntakeOutcome outcome)
    {
        if (outcome is IntakeOutcome.Refused refused) return RefusedLine(line, aanleverkenmerk, refused.Fault);
        var (status, body) = Of((IntakeOutcome.Accepted)outcome);
        return new BulkLineResult(line, status, aanleverkenmerk, body);
    }

    public static BulkLineResult RefusedLine(int line, string? aanleverkenmerk, Fault fault) =>
        new(line, fault.HttpStatus, aanleverkenmerk, Problem: ContractMapping.Problem(fault), RetryAfter: FaultResults.RetryAfterSeconds(fault));
}
