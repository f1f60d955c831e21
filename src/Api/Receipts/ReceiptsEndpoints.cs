using System.Text.Json;
using Digipoort.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Digipoort.Api.Receipts;

/// <summary>
/// POST /api/v1/receipts/verify: checks a receipt against this gateway's certificates. A receipt that
/// does not verify is a normal answer (200, <c>geldig: false</c> with the reason), not an error: the
/// question was well put. Only a request that cannot be read (not JSON, missing fields, bad base64)
/// is refused, with 400 and ALS100.
/// </summary>
public static class ReceiptsEndpoints
{
    private const long MaxRequestBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapReceiptsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/receipts/verify", VerifyAsync)
            .WithTags("Receipts")
            .WithName("VerifyReceipt")
            .WithSummary("Verify a signed acceptance receipt (ontvangstbewijs)")
            .WithDescription("Takes the ontvangstbewijs object of an acceptance answer. Answers 200 with geldig true and the receipt's " +
                             "content, or geldig false and the reason (wrong signature, altered content, another certificate).")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .Accepts<OntvangstbewijsDto>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    internal static async Task<Results<Ok<ReceiptVerificationResponse>, ProblemHttpResult>> VerifyAsync(
        HttpContext http, [FromServices] IReceiptCertificateProvider certificates, CancellationToken cancellationToken)
    {
        if (!http.Request.HasJsonContentType()) return Fault.InvalidRequest("Send the ontvangstbewijs as application/json.").ToProblem();

        OntvangstbewijsDto? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<OntvangstbewijsDto>(http.Request.Body, Json, cancellationToken);
        }
        catch (JsonException)
        {
            return Fault.InvalidRequest("The body is not valid JSON.").ToProblem();
        }
        if (body is not { Inhoud: { } inhoud, Handtekening: { } handtekening })
            return Fault.InvalidRequest("inhoud and handtekening are required.").ToProblem();
        if (body.Algoritme is { } algoritme && algoritme != SignedReceipt.Algorithm)
            return Fault.InvalidRequest($"algoritme must be '{SignedReceipt.Algorithm}'.").ToProblem();
        if (!TryDecode(inhoud, out var content) || !TryDecode(handtekening, out var signature))
            return Fault.InvalidRequest("inhoud and handtekening must be base64.").ToProblem();

        var verification = ReceiptVerifier.Verify(content, signature, certificates.TrustedCertificates);
        return TypedResults.Ok(ReceiptVerificationResponse.From(verification));
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(base64);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
