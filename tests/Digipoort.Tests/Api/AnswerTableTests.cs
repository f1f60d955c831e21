using System.Text.Json;
using System.Xml;
using Akka.Actor;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Storage;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Digipoort.Api.Receipts;
using Digipoort.Api.Rest;
using Digipoort.Api.Wus;
using Digipoort.Tests.Receipts;
using Digipoort.Wus.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Digipoort.Tests.Api;

/// <summary>Every outcome through every protocol's rendering: REST problem details, a bulk line, a SOAP fault.</summary>
public class AnswerTableTests
{
    /// <summary>What each refusal must be answered as. A refusal added without a row here fails <see cref="Every_refusal_has_a_row_here"/>.</summary>
    public static readonly TheoryData<Refusal, GatewayService, string, int, int?> Expected = new()
    {
        { Refusal.InvalidRequest, GatewayService.Aanlever, "ALS100", 400, null },
        { Refusal.InvalidRequest, GatewayService.Statusinformatie, "STS100", 400, null },
        { Refusal.InvalidRequest, GatewayService.Ophaal, "OPS100", 400, null },
        { Refusal.UnsupportedMediaType, GatewayService.Aanlever, "ALS100", 415, null },
        { Refusal.UnknownBerichtsoort, GatewayService.Aanlever, "ALS110", 422, null },
        { Refusal.SenderUnknown, GatewayService.Aanlever, "ALS120", 401, null },
        { Refusal.SenderUnknown, GatewayService.Ophaal, "ALS120", 401, null },
        { Refusal.CertificateRefused, GatewayService.Statusinformatie, "AUS200", 403, null },
        { Refusal.OperatorOnly, GatewayService.Statusinformatie, "AUS200", 403, null },
        { Refusal.AanleverkenmerkConflict, GatewayService.Aanlever, "ALS130", 409, null },
        { Refusal.ContentTooLarge, GatewayService.Aanlever, "ALS140", 413, null },
        { Refusal.Overloaded, GatewayService.Aanlever, "ALS150", 503, 1 },
        { Refusal.RateLimited, GatewayService.Statusinformatie, "ALS160", 429, 1 },
        { Refusal.UnknownKenmerk, GatewayService.Statusinformatie, "STS110", 404, null },
        { Refusal.NotAnsweredInTime, GatewayService.Aanlever, "ALS400", 503, 1 },
        { Refusal.NotAnsweredInTime, GatewayService.Statusinformatie, "STS400", 503, 1 },
        { Refusal.NotAnsweredInTime, GatewayService.Ophaal, "OPS400", 503, 1 },
        { Refusal.Unexpected, GatewayService.Aanlever, "ALS400", 500, null },
        { Refusal.Unexpected, GatewayService.Statusinformatie, "STS400", 500, null },
    };

    [Fact]
    public void Every_refusal_has_a_row_here()
    {
        var covered = Expected.Select(row => (Refusal)row[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<Refusal>().ToHashSet(), covered);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task REST_answers_problem_details_with_the_fault_code_and_status(Refusal refusal, GatewayService service, string code, int status,
        int? retryAfter)
    {
        var http = NewContext();

        await new Fault(refusal, service, "the detail").ToProblem(http).ExecuteAsync(http);

        Assert.Equal(status, http.Response.StatusCode);
        Assert.Equal(retryAfter?.ToString(System.Globalization.CultureInfo.InvariantCulture), http.Response.Headers.RetryAfter.FirstOrDefault());
        http.Response.Body.Position = 0;
        var problem = JsonDocument.Parse(http.Response.Body).RootElement;
        Assert.Equal(code, problem.GetProperty("faultCode").GetString());
        Assert.Equal("urn:digipoort:fault:" + code, problem.GetProperty("type").GetString());
        Assert.Equal("the detail", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void A_bulk_line_answers_what_the_single_endpoint_would(Refusal refusal, GatewayService service, string code, int status, int? retryAfter)
    {
        var line = SubmissionAnswers.RefusedLine(7, "ref-7", new Fault(refusal, service, "the detail"));

        Assert.Equal((7, status, "ref-7", retryAfter), (line.Line, line.Status, line.Aanleverkenmerk, line.RetryAfter));
        Assert.Null(line.Result);
        Assert.Equal((code, status, "the detail"), (line.Problem!.FaultCode, line.Problem.Status, line.Problem.Detail));
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void WUS_answers_a_soap_fault_with_the_fault_code_in_the_called_services_family(Refusal refusal, GatewayService service, string code,
        int status, int? retryAfter)
    {
        _ = status;
        var kind = service switch
        {
            GatewayService.Aanlever => WusServiceKind.Aanlever,
            GatewayService.Statusinformatie => WusServiceKind.Statusinformatie,
            _ => WusServiceKind.Ophaal,
        };
        // The refusal as some other service made it: the called service's own family must win.
        var fault = WusFault.From(new Fault(refusal, GatewayService.Aanlever, "the detail"), kind);

        var envelope = new XmlDocument();
        envelope.Load(new MemoryStream(WusResponder.Fault(WusContract.Of(kind), null, null, fault)));

        Assert.Equal(code, envelope.GetElementsByTagName("foutcode", WusNamespaces.Koppelvlak)[0]!.InnerText);
        Assert.EndsWith("the detail", envelope.GetElementsByTagName("foutbeschrijving", WusNamespaces.Koppelvlak)[0]!.InnerText);
        Assert.Equal(retryAfter, fault.RetryAfter is { } wait ? (int)wait.TotalSeconds : null);
    }

    [Fact]
    public void A_request_that_breaks_the_interface_gets_Digipoorts_own_text_over_WUS_and_only_the_detail_over_REST()
    {
        var fault = Fault.InvalidRequest("berichtsoort is required.");

        Assert.Equal(WusFault.InterfacePrefix + "berichtsoort is required.", WusFault.From(fault, WusServiceKind.Aanlever).Description);
        Assert.Equal("berichtsoort is required.", fault.Detail);
    }

    public static readonly TheoryData<string, string?, int?> Failures = new()
    {
        { "blob too large", FaultCodes.ContentTooLarge, null },
        { "overloaded", FaultCodes.Overloaded, 3 },
        { "not confirmed", FaultCodes.Overloaded, 2 },
        { "ask timeout", "STS400", 1 },
        { "timeout", "STS400", 1 },
        { "body over the limit", FaultCodes.ContentTooLarge, null },
        { "bad request", FaultCodes.StatusRequestInvalid, null },
        { "bug", null, null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Expected_failures_are_refusals_and_anything_else_is_left_to_the_unexpected_answer(string failure, string? code, int? retryAfter)
    {
        Exception exception = failure switch
        {
            "blob too large" => new BlobTooLargeException(10),
            "overloaded" => new GatewayOverloadedException(TimeSpan.FromSeconds(3)),
            "not confirmed" => new SubmissionNotConfirmedException(TimeSpan.FromSeconds(2), new TimeoutException()),
            "ask timeout" => new AskTimeoutException("no answer"),
            "timeout" => new TimeoutException(),
            "body over the limit" => new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge),
            "bad request" => new BadHttpRequestException("bad"),
            _ => new InvalidOperationException("secret"),
        };

        var fault = Faults.Expected(exception, GatewayService.Statusinformatie, maxRequestBytes: 10);

        Assert.Equal(code, fault?.Code);
        Assert.Equal(retryAfter, fault is null ? null : FaultResults.RetryAfterSeconds(fault));
    }

    [Theory]
    [InlineData(SubmitOutcome.Accepted, 202)]
    [InlineData(SubmitOutcome.Duplicate, 200)]
    public async Task An_accepted_submission_is_202_and_its_repeat_200_over_REST_and_bulk_alike_both_with_the_signed_receipt(SubmitOutcome outcome,
        int status)
    {
        var reply = new SubmitReply(outcome, Kenmerk.New().Value, DateTimeOffset.UtcNow, []);
        var issuer = new ReceiptIssuer(new ReceiptSigner(new FixedReceiptCertificate(TestCertificates.Create()), TimeProvider.System));
        var accepted = new IntakeOutcome.Accepted(reply,
            issuer.Issue(reply, SenderIdentity.From("00000003123456780000"), "Omzetbelasting", "ref-1", new string('a', 64), []));
        var http = NewContext();

        var line = SubmissionAnswers.Line(3, "ref-1", accepted);
        await SubmissionAnswers.ToResult(accepted, http).Result.ExecuteAsync(http);

        Assert.Equal((status, status), (line.Status, http.Response.StatusCode));
        Assert.Equal(outcome == SubmitOutcome.Duplicate, line.Result!.AlreadySubmitted);
        Assert.NotNull(line.Result.Ontvangstbewijs);
        Assert.Null(line.Problem);
    }

    private static DefaultHttpContext NewContext()
    {
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        };
        http.Response.Body = new MemoryStream();
        return http;
    }
}
