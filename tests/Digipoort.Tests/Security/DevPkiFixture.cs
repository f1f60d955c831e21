using Digipoort.Api.Security;
using Digipoort.Node.Pki;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Security;

/// <summary>
/// One development PKI shared by the security tests: RSA-3072 keys take a moment to generate, so it
/// is created once. Tests that change it (revoking, damaging the CRL) work on a <see cref="Copy"/>.
/// </summary>
public sealed class DevPkiFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public DevPkiFixture()
    {
        Folder = Path.Combine(_directory.Path, "pki");
        DevPki.Create(Folder, overwrite: false);
        Material = DevPki.Load(Folder);
    }

    public string Folder { get; }
    public DevPkiMaterial Material { get; }
    public DevPkiLayout Layout => Material.Layout;

    /// <summary>A validator trusting this PKI (or the one in <paramref name="folder"/>) and reading its CRL file.</summary>
    public ClientCertificateValidator Validator(TimeProvider? clock = null, StaleCrlPolicy policy = StaleCrlPolicy.Refuse, string? folder = null)
    {
        var layout = folder is null ? Layout : DevPkiLayout.For(folder);
        return new ClientCertificateValidator(
            new ClientCertificateValidatorSettings { TrustFolder = layout.TrustFolder, CrlSources = [layout.IssuingCrl], StaleCrl = policy },
            clock);
    }

    /// <summary>A private copy of the PKI in a folder of its own; dispose the returned directory.</summary>
    public TempDirectory Copy(out string folder)
    {
        var copy = new TempDirectory();
        folder = Path.Combine(copy.Path, "pki");
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    public void Dispose() => _directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DevPkiCollection : ICollectionFixture<DevPkiFixture>
{
    public const string Name = "Dev PKI";
}
