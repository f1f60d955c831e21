using Digipoort.Actors.Domain;
using Digipoort.Api.Security;
using Digipoort.Node.Pki;
using Microsoft.Extensions.Time.Testing;

namespace Digipoort.Tests.Security;

[Collection(DevPkiCollection.Name)]
public sealed class ClientCertificateValidatorTests(DevPkiFixture pki)
{
    [Fact]
    public void A_valid_sender_certificate_gives_the_senders_oin_and_organisation()
    {
        using var validator = pki.Validator();

        var result = validator.Validate(pki.Material.Clients["sender"], pki.Material.Intermediates);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal("00000003123456780000", result.Identity!.Oin.Value);
        Assert.Equal("Demo Aanleveraar BV", result.Identity.OrganisationName);
        Assert.Null(result.Identity.Role);
        Assert.Null(result.Warning);
    }

    [Fact]
    public void The_operator_certificate_carries_its_role_from_the_subject_OU()
    {
        using var validator = pki.Validator();

        var result = validator.Validate(pki.Material.Clients["operator"], pki.Material.Intermediates);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(new CertificateIdentity(Oin(DevPkiNames.Clients[2].Oin), "Digipoort Beheer (test)", DevPkiNames.OperatorRole), result.Identity);
    }

    [Fact]
    public void A_leaf_presented_without_intermediates_still_validates_from_the_trust_folder()
    {
        using var validator = pki.Validator();

        var result = validator.Validate(pki.Material.Clients["intermediary"], presentedChain: null);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal("00000003876543210000", result.Identity!.Oin.Value);
    }

    [Fact]
    public void No_certificate_is_a_missing_identity_with_ALS120()
    {
        using var validator = pki.Validator();

        var result = validator.Validate(null, null);

        Assert.Equal(CertificateRefusal.Missing, result.Refusal);
        Assert.Equal(FaultCodes.SenderUnknown, result.FaultCode);
        Assert.Equal(401, result.ToFault()!.HttpStatus);
    }

    [Fact]
    public void An_expired_certificate_is_refused_with_AUS200()
    {
        var now = DateTimeOffset.UtcNow;
        var issued = DevPki.IssueClient(pki.Folder, "expired", "00000003123456780000",
            new ClientCertificateOptions { NotBefore = now.AddDays(-30), NotAfter = now.AddDays(-1) });
        using var validator = pki.Validator();

        var result = validator.Validate(issued.Certificate, issued.Chain);

        Assert.Equal(CertificateRefusal.Expired, result.Refusal);
        Assert.Equal(FaultCodes.CertificateRefused, result.FaultCode);
        var fault = result.ToFault()!;
        Assert.Equal((FaultCodes.CertificateRefused, 403), (fault.Code, fault.HttpStatus));
        Assert.Contains("expired", fault.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_is_expired_when_the_injected_clock_is_past_its_end()
    {
        var sender = pki.Material.Clients["sender"];
        using var validator = pki.Validator(new FakeTimeProvider(new DateTimeOffset(sender.NotAfter.ToUniversalTime()).AddDays(1)));

        Assert.Equal(CertificateRefusal.Expired, validator.Validate(sender, null).Refusal);
    }

    [Fact]
    public void A_certificate_is_not_yet_valid_when_the_injected_clock_is_before_its_start()
    {
        var sender = pki.Material.Clients["sender"];
        using var validator = pki.Validator(new FakeTimeProvider(new DateTimeOffset(sender.NotBefore.ToUniversalTime()).AddMinutes(-5)));

        var result = validator.Validate(sender, null);

        Assert.Equal(CertificateRefusal.NotYetValid, result.Refusal);
    }

    [Fact]
    public void A_certificate_issued_for_the_future_is_not_yet_valid()
    {
        var now = DateTimeOffset.UtcNow;
        var issued = DevPki.IssueClient(pki.Folder, "future", "00000003123456780000",
            new ClientCertificateOptions { NotBefore = now.AddDays(1), NotAfter = now.AddDays(30) });
        using var validator = pki.Validator();

        Assert.Equal(CertificateRefusal.NotYetValid, validator.Validate(issued.Certificate, issued.Chain).Refusal);
    }

    [Fact]
    public void A_certificate_from_an_untrusted_CA_with_identical_names_is_refused()
    {
        var issued = DevPki.IssueClient(pki.Folder, "sender", "00000003123456780000", new ClientCertificateOptions { FromUntrustedLookalikeCa = true });
        Assert.Equal(pki.Material.Clients["sender"].Subject, issued.Certificate.Subject);
        Assert.Equal(pki.Material.Clients["sender"].Issuer, issued.Certificate.Issuer);
        using var validator = pki.Validator();

        var withItsChain = validator.Validate(issued.Certificate, issued.Chain);
        var alone = validator.Validate(issued.Certificate, null);

        Assert.Equal(CertificateRefusal.Untrusted, withItsChain.Refusal);
        Assert.Equal(CertificateRefusal.Untrusted, alone.Refusal);
    }

    [Fact]
    public void A_certificate_for_server_authentication_only_is_refused()
    {
        var issued = DevPki.IssueClient(pki.Folder, "server-only", "00000003123456780000",
            new ClientCertificateOptions { Usage = ClientCertificateUsage.ServerAuthOnly });
        using var validator = pki.Validator();

        var result = validator.Validate(issued.Certificate, issued.Chain);

        Assert.Equal(CertificateRefusal.WrongUsage, result.Refusal);
        Assert.Contains("clientAuth", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_an_oin_is_refused()
    {
        var issued = DevPki.IssueClient(pki.Folder, "no-oin", oin: null);
        using var validator = pki.Validator();

        var result = validator.Validate(issued.Certificate, issued.Chain);

        Assert.Equal(CertificateRefusal.InvalidOin, result.Refusal);
        Assert.Contains("no serialNumber", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0000000312345678000")]
    [InlineData("0000000312345678ABCD")]
    [InlineData("00000005123456780000")]
    [InlineData("00000003123456781234")]
    public void A_certificate_with_a_malformed_oin_is_refused(string oin)
    {
        var issued = DevPki.IssueClient(pki.Folder, "malformed", oin);
        using var validator = pki.Validator();

        Assert.Equal(CertificateRefusal.InvalidOin, validator.Validate(issued.Certificate, issued.Chain).Refusal);
    }

    private static Oin Oin(string value) => Digipoort.Api.Security.Oin.TryParse(value, out var oin, out var reason) ? oin : throw new FormatException(reason);
}
