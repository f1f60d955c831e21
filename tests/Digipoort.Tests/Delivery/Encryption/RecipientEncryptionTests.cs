using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Actors.Delivery.Encryption;

namespace Digipoort.Tests.Delivery.Encryption;

public sealed class RecipientEncryptionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("digipoort-encryption-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static X509Certificate2 RecipientCertificate(X509KeyUsageFlags? usage = X509KeyUsageFlags.KeyEncipherment)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Gemeente Utrecht, serialNumber=00000001002220647000", key,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (usage is { } flags)
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void Sealed_content_decrypts_with_the_recipients_private_key_to_the_original_bytes()
    {
        using var recipient = RecipientCertificate();
        var content = RandomNumberGenerator.GetBytes(100_000);

        var sealedContent = RecipientEncryption.Seal(content, recipient);

        var envelope = new EnvelopedCms();
        envelope.Decode(sealedContent);
        envelope.Decrypt(new X509Certificate2Collection(recipient));
        Assert.Equal(content, envelope.ContentInfo.Content);
        Assert.DoesNotContain(Convert.ToHexString(content, 0, 32), Convert.ToHexString(sealedContent), StringComparison.Ordinal);
    }

    [Fact]
    public void The_content_is_AES_256_CBC_and_the_key_is_transported_with_RSA_OAEP_SHA_256()
    {
        using var recipient = RecipientCertificate();

        var envelope = new EnvelopedCms();
        envelope.Decode(RecipientEncryption.Seal("<Invoice/>"u8, recipient));

        Assert.Equal(RecipientEncryption.Aes256CbcOid, envelope.ContentEncryptionAlgorithm.Oid.Value);
        var info = Assert.Single(envelope.RecipientInfos.Cast<RecipientInfo>());
        Assert.Equal(RecipientEncryption.RsaOaepOid, info.KeyEncryptionAlgorithm.Oid.Value);
        // RSAES-OAEP-params with SHA-256: the parameters name id-sha256 (2.16.840.1.101.3.4.2.1, DER 06 09 60 86 48 01 65 03 04 02 01).
        Assert.Contains("0609608648016503040201", Convert.ToHexString(info.KeyEncryptionAlgorithm.Parameters), StringComparison.Ordinal);
        Assert.Equal(SubjectIdentifierType.IssuerAndSerialNumber, info.RecipientIdentifier.Type);
    }

    [Fact]
    public void Another_key_cannot_open_it()
    {
        using var recipient = RecipientCertificate();
        using var other = RecipientCertificate();
        var envelope = new EnvelopedCms();
        envelope.Decode(RecipientEncryption.Seal("geheim"u8, recipient));

        Assert.ThrowsAny<CryptographicException>(() => envelope.Decrypt(new X509Certificate2Collection(other)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Loads_the_public_certificate_from_PEM_or_DER(bool pem)
    {
        using var recipient = RecipientCertificate();
        var path = Path.Combine(_folder, pem ? "recipient.pem" : "recipient.cer");
        if (pem)
            File.WriteAllText(path, recipient.ExportCertificatePem());
        else
            File.WriteAllBytes(path, recipient.Export(X509ContentType.Cert));

        using var loaded = RecipientEncryption.LoadCertificate(path);

        Assert.Equal(recipient.Thumbprint, loaded.Thumbprint);
        Assert.False(loaded.HasPrivateKey);
    }

    [Fact]
    public void A_certificate_without_a_key_usage_extension_is_accepted()
    {
        using var recipient = RecipientCertificate(usage: null);
        var path = Path.Combine(_folder, "recipient.pem");
        File.WriteAllText(path, recipient.ExportCertificatePem());

        using var loaded = RecipientEncryption.LoadCertificate(path);

        Assert.Equal(recipient.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void A_key_usage_without_key_encipherment_is_refused()
    {
        using var signingOnly = RecipientCertificate(X509KeyUsageFlags.DigitalSignature);
        var path = Path.Combine(_folder, "signing.pem");
        File.WriteAllText(path, signingOnly.ExportCertificatePem());

        var e = Assert.Throws<CryptographicException>(() => RecipientEncryption.LoadCertificate(path));

        Assert.Contains("keyEncipherment", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_RSA_key_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ec = new CertificateRequest("CN=EC recipient", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(_folder, "ec.pem");
        File.WriteAllText(path, ec.ExportCertificatePem());

        var e = Assert.Throws<CryptographicException>(() => RecipientEncryption.LoadCertificate(path));

        Assert.Contains("no RSA key", e.Message, StringComparison.Ordinal);
    }
}
