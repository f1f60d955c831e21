using System.Runtime.Versioning;
using Digipoort.Node.FirstRun;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Receipts;

public sealed class ReceiptSigningCertificateTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private string Folder => Path.Combine(_data.Path, "receipts");

    [Fact]
    public void The_first_run_creates_a_self_signed_development_certificate_that_later_runs_reuse()
    {
        using var first = ReceiptSigningCertificate.LoadOrCreateDevelopment(Folder);
        using var second = ReceiptSigningCertificate.LoadOrCreateDevelopment(Folder);

        Assert.True(first.HasPrivateKey);
        Assert.Equal(ReceiptSigningCertificate.DevelopmentSubject, first.Subject);
        Assert.Equal(first.Thumbprint, second.Thumbprint);
    }

    [UnixOnlyFact]
    [UnsupportedOSPlatform("windows")]
    public void The_private_key_is_readable_by_the_owner_only()
    {
        using var certificate = ReceiptSigningCertificate.LoadOrCreateDevelopment(Folder);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(Path.Combine(Folder, ReceiptSigningCertificate.KeyFileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Folder));
    }

    public void Dispose() => _data.Dispose();
}
