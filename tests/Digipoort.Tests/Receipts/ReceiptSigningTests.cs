using Digipoort.Api.Receipts;
using Microsoft.Extensions.Time.Testing;

namespace Digipoort.Tests.Receipts;

public sealed class ReceiptSigningTests
{
    private static readonly Receipt Sample = ReceiptCanonicalFormTests.Sample;

    private readonly FixedReceiptCertificate _gateway = new(TestCertificates.Create());

    private ReceiptSigner Signer(FixedReceiptCertificate certificate) => new(certificate, new FakeTimeProvider(DateTimeOffset.UtcNow));

    [Fact]
    public void A_signed_receipt_verifies_against_the_gateway_certificate_and_gives_back_its_content()
    {
        var signed = Signer(_gateway).Sign(Sample);

        var result = ReceiptVerifier.Verify(signed.Content, signed.Signature, _gateway.TrustedCertificates);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(Sample.Kenmerk, result.Receipt!.Kenmerk);
        Assert.Equal(Sample.Hashes, result.Receipt.Hashes);
        Assert.Equal(_gateway.SigningCertificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), result.SignerThumbprintSha256);
    }

    [Fact]
    public void Changing_one_byte_of_the_content_makes_the_receipt_invalid()
    {
        var signed = Signer(_gateway).Sign(Sample);
        var tampered = (byte[])signed.Content.Clone();
        tampered[^10] ^= 0x01;

        var result = ReceiptVerifier.Verify(tampered, signed.Signature, _gateway.TrustedCertificates);

        Assert.False(result.IsValid);
        Assert.Contains("does not match", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_receipt_signed_by_another_certificate_is_not_trusted()
    {
        var signed = Signer(new FixedReceiptCertificate(TestCertificates.Create())).Sign(Sample);

        var result = ReceiptVerifier.Verify(signed.Content, signed.Signature, _gateway.TrustedCertificates);

        Assert.False(result.IsValid);
        Assert.Contains("not signed by a certificate of this gateway", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_a_cms_signature_are_invalid_rather_than_an_error()
    {
        var result = ReceiptVerifier.Verify(ReceiptCanonicalForm.Serialize(Sample), [1, 2, 3], _gateway.TrustedCertificates);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void The_signing_time_is_the_gateway_clock_and_is_reported_by_verification()
    {
        var now = DateTimeOffset.UtcNow;
        var at = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)); // CMS signing time has whole seconds
        var signed = new ReceiptSigner(_gateway, new FakeTimeProvider(at)).Sign(Sample);

        var result = ReceiptVerifier.Verify(signed.Content, signed.Signature, _gateway.TrustedCertificates);

        Assert.Equal(at, result.SignedAt);
    }

    [Fact]
    public void A_receipt_signed_while_its_certificate_was_not_valid_is_invalid()
    {
        var signed = new ReceiptSigner(_gateway, new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(10))).Sign(Sample);

        var result = ReceiptVerifier.Verify(signed.Content, signed.Signature, _gateway.TrustedCertificates);

        Assert.False(result.IsValid);
        Assert.Contains("validity", result.Reason, StringComparison.Ordinal);
    }
}
