using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Node.FirstRun;

namespace Digipoort.Tests.Receipts;

/// <summary>Development-style signing certificates made in memory.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ReceiptSigningCertificate.CreateDevelopment(key, DateTimeOffset.UtcNow);
    }
}
