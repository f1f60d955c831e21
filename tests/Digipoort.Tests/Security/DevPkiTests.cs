using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Node.Pki;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Security;

[Collection(DevPkiCollection.Name)]
public sealed class DevPkiTests(DevPkiFixture pki)
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    [UnixOnlyFact]
    [UnsupportedOSPlatform("windows")]
    public void Pki_init_creates_the_files_with_owner_only_keys_and_folders_and_keeps_them_without_force()
    {
        using var data = new TempDirectory();
        var output = new StringWriter();

        Assert.Equal(PkiCommand.Success, PkiCommand.Run(["pki", "init", "--data", data.Path], output, output));

        var layout = DevPkiLayout.For(Path.Combine(data.Path, "pki"));
        string[] keys = [layout.RootKey, layout.DomainKey, layout.IssuingKey, layout.ServerKey, .. DevPkiNames.Clients.Select(c => layout.ClientKey(c.Name))];
        string[] others = [layout.RootCertificate, layout.DomainCertificate, layout.IssuingCertificate, layout.ServerCertificate, layout.IssuingCrl, layout.Readme,
            .. DevPkiNames.Clients.Select(c => layout.ClientCertificate(c.Name))];
        foreach (var key in keys) Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(key));
        foreach (var file in others) Assert.True(File.Exists(file), file);
        foreach (var folder in new[] { layout.Root, layout.TrustFolder, layout.CaFolder, layout.ServerFolder, layout.ClientsFolder, layout.CrlFolder })
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(folder));
        Assert.Contains("clients/sender.pem", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("curl --cert clients/sender.pem --key clients/sender.key --cacert trust/root-ca.pem", File.ReadAllText(layout.Readme), StringComparison.Ordinal);

        var root = File.ReadAllText(layout.RootCertificate);
        var again = new StringWriter();
        Assert.Equal(PkiCommand.Success, PkiCommand.Run(["pki", "init", "--data", data.Path], again, again));
        Assert.Contains("already exists", again.ToString(), StringComparison.Ordinal);
        Assert.Equal(root, File.ReadAllText(layout.RootCertificate));

        Assert.Equal(PkiCommand.Success, PkiCommand.Run(["pki", "init", "--data", data.Path, "--force"], again, again));
        Assert.NotEqual(root, File.ReadAllText(layout.RootCertificate));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(layout.RootKey));
    }

    [Theory]
    [InlineData("pki")]
    [InlineData("pki", "frobnicate")]
    [InlineData("pki", "init", "--data")]
    [InlineData("pki", "revoke")]
    public void Pki_with_unknown_arguments_prints_the_usage_and_exits_with_2(params string[] args)
    {
        var error = new StringWriter();

        Assert.Equal(PkiCommand.UsageError, PkiCommand.Run(args, TextWriter.Null, error));
        Assert.Contains("usage: pki init", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_loaded_server_certificate_has_a_usable_private_key_and_names_localhost()
    {
        var server = pki.Material.Server;

        using var key = server.GetRSAPrivateKey();
        Assert.NotNull(key);
        Assert.Equal(3072, key.KeySize);
        var signature = key.SignData("digipoort"u8.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var publicKey = server.GetRSAPublicKey();
        Assert.True(publicKey!.VerifyData("digipoort"u8.ToArray(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var names = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        var usages = server.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages);
        Assert.Contains("SERIALNUMBER=" + DevPkiNames.ServerOin, server.Subject, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ensure_created_leaves_an_existing_PKI_alone()
    {
        var before = File.ReadAllBytes(pki.Layout.IssuingKey);

        var result = DevPki.EnsureCreated(pki.Folder);

        Assert.False(result.Created);
        Assert.Equal(before, File.ReadAllBytes(pki.Layout.IssuingKey));
    }
}
