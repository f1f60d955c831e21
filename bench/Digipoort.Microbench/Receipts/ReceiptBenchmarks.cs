using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Digipoort.Api.Receipts;

namespace Digipoort.Microbench.Receipts;

/// <summary>
/// The signed acceptance receipt every 202 carries: detached CMS (SHA-256) over the canonical JSON receipt
/// with the gateway's RSA key, and its verification (POST /api/v1/receipts/verify, or a sender's own
/// check). The development receipt certificate is RSA 3072; the benchmark makes one of the same size.
/// </summary>
[MemoryDiagnoser]
public class ReceiptBenchmarks
{
    private ReceiptSigner _signer = null!;
    private Receipt _receipt = null!;
    private SignedReceipt _signed = null!;
    private X509Certificate2Collection _trusted = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=Digipoort microbench receipts", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        // Through PKCS#12 so that the private key is usable by SignedCms on every platform.
        certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var provider = new FixedReceiptCertificate(certificate);
        _trusted = provider.TrustedCertificates;
        _signer = new ReceiptSigner(provider, TimeProvider.System);
        _receipt = new Receipt(Guid.NewGuid().ToString(), "Omzetbelasting", "bench-1", "00000003123456780000", "2026-11-30T09:15:30.123Z",
            [new PayloadHash(Receipt.MainDocument, new string('a', 64))]);
        _signed = _signer.Sign(_receipt);
    }

    [Benchmark(Description = "sign a receipt (CMS, RSA 3072)")]
    public SignedReceipt Sign() => _signer.Sign(_receipt);

    [Benchmark(Description = "verify a signed receipt")]
    public ReceiptVerification Verify() => ReceiptVerifier.Verify(_signed.Content, _signed.Signature, _trusted);
}
