using Digipoort.Api.Security;
using Digipoort.Node.Pki;
using Microsoft.Extensions.Time.Testing;

namespace Digipoort.Tests.Security;

[Collection(DevPkiCollection.Name)]
public sealed class RevocationTests(DevPkiFixture pki)
{
    [Fact]
    public void A_certificate_is_accepted_before_and_refused_after_its_serial_is_added_to_the_CRL()
    {
        using var copy = pki.Copy(out var folder);
        var sender = pki.Material.Clients["sender"];
        using var validator = pki.Validator(folder: folder);
        Assert.True(validator.Validate(sender, null).Succeeded);

        DevPki.Revoke(folder, sender.SerialNumber);

        var result = validator.Validate(sender, null);
        Assert.Equal(CertificateRefusal.Revoked, result.Refusal);
        Assert.True(validator.Validate(pki.Material.Clients["intermediary"], null).Succeeded);
    }

    [Fact]
    public void A_CRL_whose_signature_does_not_verify_is_unavailable_and_refused_by_default()
    {
        using var copy = pki.Copy(out var folder);
        var crl = DevPkiLayout.For(folder).IssuingCrl;
        var bytes = File.ReadAllBytes(crl);
        bytes[^1] ^= 0x01; // last octet of the signature
        File.WriteAllBytes(crl, bytes);
        using var validator = pki.Validator(folder: folder);

        var result = validator.Validate(pki.Material.Clients["sender"], null);

        Assert.Equal(CertificateRefusal.RevocationUnknown, result.Refusal);
        Assert.Contains("signature", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stale_CRL_is_refused_under_the_Refuse_policy()
    {
        using var validator = pki.Validator(AfterCrlExpiry(), StaleCrlPolicy.Refuse);

        var result = validator.Validate(pki.Material.Clients["sender"], null);

        Assert.Equal(CertificateRefusal.RevocationUnknown, result.Refusal);
        Assert.Contains("stale", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stale_CRL_is_accepted_with_a_warning_under_the_Allow_policy()
    {
        using var validator = pki.Validator(AfterCrlExpiry(), StaleCrlPolicy.Allow);

        var result = validator.Validate(pki.Material.Clients["sender"], null);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Contains("stale", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_CRL_for_the_issuer_certificates_are_refused_by_default()
    {
        using var validator = new ClientCertificateValidator(new ClientCertificateValidatorSettings { TrustFolder = pki.Layout.TrustFolder });

        var result = validator.Validate(pki.Material.Clients["sender"], null);

        Assert.Equal(CertificateRefusal.RevocationUnknown, result.Refusal);
    }

    [Fact]
    public void CRL_urls_are_allowed_on_loopback_only()
    {
        ClientCertificateValidator Build(string source) =>
            new(new ClientCertificateValidatorSettings { TrustFolder = pki.Layout.TrustFolder, CrlSources = [source] });

        Assert.Throws<ArgumentException>(() => Build("http://crl.example.nl/issuing-ca.crl"));
        Assert.Throws<ArgumentException>(() => Build("https://localhost.example.nl/issuing-ca.crl"));
        Assert.Throws<ArgumentException>(() => Build("ftp://127.0.0.1/issuing-ca.crl"));
        Build("http://127.0.0.1:1/issuing-ca.crl").Dispose();
        Build("http://localhost:1/issuing-ca.crl").Dispose();
        Build("http://[::1]:1/issuing-ca.crl").Dispose();
    }

    [Fact]
    public void A_CRL_url_on_loopback_is_fetched_and_a_failing_fetch_leaves_the_CRL_unavailable()
    {
        var crl = File.ReadAllBytes(pki.Layout.IssuingCrl);
        using var serving = Validator(new StubCrlEndpoint(() => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(crl) }));
        using var failing = Validator(new StubCrlEndpoint(() => new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)));

        Assert.True(serving.Validate(pki.Material.Clients["sender"], null).Succeeded);
        Assert.Equal(CertificateRefusal.RevocationUnknown, failing.Validate(pki.Material.Clients["sender"], null).Refusal);

        ClientCertificateValidator Validator(HttpMessageHandler endpoint) => new(
            new ClientCertificateValidatorSettings { TrustFolder = pki.Layout.TrustFolder, CrlSources = ["http://127.0.0.1:8089/issuing-ca.crl"] },
            crlHandler: endpoint);
    }

    // The dev CRL is valid for seven days from its creation.
    private static FakeTimeProvider AfterCrlExpiry() => new(DateTimeOffset.UtcNow.AddDays(8));
}

/// <summary>Answers every request from <paramref name="respond"/>; the validator fetches synchronously during a handshake.</summary>
internal sealed class StubCrlEndpoint(Func<HttpResponseMessage> respond) : HttpMessageHandler
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => respond();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(respond());
}
