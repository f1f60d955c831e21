using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Digipoort.Actors.Domain;
using Digipoort.Api.Receipts;
using Digipoort.Node.FirstRun;
using Digipoort.Tests.Api;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Receipts;

[Collection(NodeCollection.Name)]
public sealed class ReceiptApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Node.Client;

    [Fact]
    public async Task An_accepted_submission_carries_a_receipt_with_the_document_hash_that_the_verify_endpoint_accepts()
    {
        using var response = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument, aanleverkenmerk: "receipt-" + Unique());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await Task.FromResult(response).AcceptedAsync();

        var receipt = accepted.Ontvangstbewijs!;
        Assert.Equal("CMS/SHA-256", receipt.Algoritme);
        var content = JsonDocument.Parse(Convert.FromBase64String(receipt.Inhoud!)).RootElement;
        Assert.Equal(accepted.Kenmerk, content.GetProperty("kenmerk").GetString());
        Assert.Equal(accepted.TijdstempelAangeleverd, content.GetProperty("tijdstempelAangeleverd").GetString());
        Assert.Equal(TestNode.Sender, content.GetProperty("afzender").GetString());
        var hash = Assert.Single(content.GetProperty("hashes").EnumerateArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(GatewayClient.ValidDocument)), hash.GetProperty("sha256").GetString());

        var verification = await VerifyAsync(receipt);
        Assert.True(verification.GetProperty("geldig").GetBoolean(), verification.ToString());
        Assert.Equal(accepted.Kenmerk, verification.GetProperty("ontvangstbewijs").GetProperty("kenmerk").GetString());
    }

    [Fact]
    public async Task A_receipt_whose_kenmerk_was_changed_is_reported_invalid()
    {
        var accepted = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();
        var receipt = accepted.Ontvangstbewijs!;
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(receipt.Inhoud!));
        var forged = json.Replace(accepted.Kenmerk, Guid.NewGuid().ToString(), StringComparison.Ordinal);
        Assert.NotEqual(json, forged);

        var verification = await VerifyAsync(receipt with { Inhoud = Convert.ToBase64String(Encoding.UTF8.GetBytes(forged)) });

        Assert.False(verification.GetProperty("geldig").GetBoolean());
        Assert.False(string.IsNullOrEmpty(verification.GetProperty("reden").GetString()));
    }

    [Fact]
    public async Task A_duplicate_submission_carries_the_original_acceptance_receipt_which_verifies()
    {
        var reference = "receipt-dup-" + Unique();
        var first = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument, reference).AcceptedAsync();

        using var again = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument, reference);
        var second = await Task.FromResult(again).AcceptedAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Ontvangstbewijs!.Inhoud, second.Ontvangstbewijs!.Inhoud);
        var verification = await VerifyAsync(second.Ontvangstbewijs);
        Assert.True(verification.GetProperty("geldig").GetBoolean(), verification.ToString());
        Assert.Equal(first.Kenmerk, verification.GetProperty("ontvangstbewijs").GetProperty("kenmerk").GetString());
    }

    [Fact]
    public async Task A_receipt_that_is_not_base64_is_refused_with_ALS100()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/receipts/verify",
            new OntvangstbewijsDto("not base64!", "AAAA", "CMS/SHA-256"), GatewayClient.Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(FaultCodes.AanleverRequestInvalid, (await response.ProblemAsync()).GetProperty("faultCode").GetString());
    }

    [OpensslFact]
    public async Task The_receipt_verifies_offline_with_openssl_against_the_gateway_certificate()
    {
        var accepted = await Client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync();
        using var work = new TempDirectory();
        var content = Path.Combine(work.Path, "receipt.json");
        var signature = Path.Combine(work.Path, "receipt.sig.der");
        await File.WriteAllBytesAsync(content, Convert.FromBase64String(accepted.Ontvangstbewijs!.Inhoud!));
        await File.WriteAllBytesAsync(signature, Convert.FromBase64String(accepted.Ontvangstbewijs.Handtekening!));
        var certificate = Path.Combine(gateway.DataDirectory, "receipts", ReceiptSigningCertificate.CertificateFileName);

        var (exitCode, output) = await Openssl.RunAsync("cms", "-verify", "-binary", "-inform", "DER", "-in", signature,
            "-content", content, "-CAfile", certificate, "-out", "/dev/null");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Verification successful", output, StringComparison.Ordinal);
    }

    private async Task<JsonElement> VerifyAsync(OntvangstbewijsDto receipt)
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/receipts/verify", receipt, GatewayClient.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..16];
}
