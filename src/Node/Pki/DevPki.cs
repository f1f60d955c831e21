using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Actors.Storage;

namespace Digipoort.Node.Pki;

/// <summary>
/// A PKIoverheid-shaped test PKI in a folder (see <see cref="DevPkiLayout"/> and the README it writes):
/// root → domain → issuing CA, a localhost server certificate, client certificates with OINs, and
/// the issuing CA's CRL. For development and tests only: the CA keys lie unencrypted beside it.
/// </summary>
public static class DevPki
{
    /// <summary>CAs start a year back so tests can mint certificates that expired long ago.</summary>
    private static readonly TimeSpan CaBackdating = TimeSpan.FromDays(365);
    private static readonly TimeSpan LeafBackdating = TimeSpan.FromHours(1);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(730);

    /// <summary>Creates the PKI unless a complete one is already there.</summary>
    public static DevPkiCreation EnsureCreated(string folder, TimeProvider? clock = null) => Create(folder, overwrite: false, clock);

    /// <summary>
    /// Creates the PKI; an existing one is kept unless <paramref name="overwrite"/> is set, in which
    /// case every file is replaced (new keys, new certificates: old client certificates stop working).
    /// </summary>
    public static DevPkiCreation Create(string folder, bool overwrite, TimeProvider? clock = null)
    {
        var layout = DevPkiLayout.For(folder);
        if (!overwrite && File.Exists(layout.Readme)) return new DevPkiCreation(layout, Created: false, []);

        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var written = new List<string>();
        foreach (var directory in new[] { layout.Root, layout.TrustFolder, layout.CaFolder, layout.ServerFolder, layout.ClientsFolder, layout.CrlFolder })
            OwnerOnlyPaths.CreateDirectory(directory);

        using var rootKey = CertificateMinter.NewKey();
        using var root = CertificateMinter.SelfSignedCa(DevPkiNames.RootCa, rootKey, now - CaBackdating, now.AddYears(20));
        using var domainKey = CertificateMinter.NewKey();
        using var domain = CertificateMinter.SubordinateCa(DevPkiNames.DomainCa, domainKey, root, 1, now - CaBackdating, now.AddYears(15));
        using var issuingKey = CertificateMinter.NewKey();
        using var issuing = CertificateMinter.SubordinateCa(DevPkiNames.IssuingCa, issuingKey, domain, 0, now - CaBackdating, now.AddYears(10));
        Write(layout.RootCertificate, root.ExportCertificatePem(), written);
        Write(layout.RootKey, rootKey.ExportPkcs8PrivateKeyPem(), written);
        Write(layout.DomainCertificate, domain.ExportCertificatePem(), written);
        Write(layout.DomainKey, domainKey.ExportPkcs8PrivateKeyPem(), written);
        Write(layout.IssuingCertificate, issuing.ExportCertificatePem(), written);
        Write(layout.IssuingKey, issuingKey.ExportPkcs8PrivateKeyPem(), written);

        using var serverKey = CertificateMinter.NewKey();
        using var server = CertificateMinter.Server(serverKey, issuing, now - LeafBackdating, now + LeafLifetime);
        Write(layout.ServerCertificate, server.ExportCertificatePem(), written);
        Write(layout.ServerKey, serverKey.ExportPkcs8PrivateKeyPem(), written);

        foreach (var client in DevPkiNames.Clients)
        {
            var options = new ClientCertificateOptions { Organisation = client.Organisation, Role = client.Role };
            using var key = CertificateMinter.NewKey();
            using var certificate = CertificateMinter.Client(client.Name, client.Oin, options, key, issuing, now - LeafBackdating, now + LeafLifetime);
            SaveClient(layout, client.Name, certificate, key, written);
        }

        OwnerOnlyPaths.WriteAllBytes(layout.IssuingCrl, DevPkiCrl.Empty(issuing, now));
        written.Add(layout.IssuingCrl);
        Write(layout.Readme, DevPkiReadme.Text(layout), written);
        return new DevPkiCreation(layout, Created: true, written);
    }

    /// <summary>Loads a created PKI; the server certificate's key is usable by Kestrel/SslStream.</summary>
    public static DevPkiMaterial Load(string folder)
    {
        var layout = DevPkiLayout.For(folder);
        var clients = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        foreach (var certificate in Directory.EnumerateFiles(layout.ClientsFolder, "*.pem").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(certificate);
            if (File.Exists(layout.ClientKey(name))) clients[name] = LoadWithKey(certificate, layout.ClientKey(name));
        }
        return new DevPkiMaterial(layout,
            LoadWithKey(layout.ServerCertificate, layout.ServerKey),
            LoadCertificate(layout.RootCertificate),
            [LoadCertificate(layout.IssuingCertificate), LoadCertificate(layout.DomainCertificate)],
            clients);
    }

    /// <summary>
    /// Mints a client certificate from the PKI in <paramref name="folder"/>, good or deliberately bad
    /// (see <see cref="ClientCertificateOptions"/>). A null <paramref name="oin"/> leaves serialNumber out.
    /// </summary>
    public static IssuedCertificate IssueClient(string folder, string name, string? oin, ClientCertificateOptions? options = null,
        TimeProvider? clock = null)
    {
        if (string.IsNullOrWhiteSpace(name) || Path.GetFileName(name) != name)
            throw new ArgumentException($"'{name}' is not a plain file name.", nameof(name));
        options ??= new ClientCertificateOptions();
        var layout = DevPkiLayout.For(folder);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var notBefore = options.NotBefore ?? now - LeafBackdating;
        var notAfter = options.NotAfter ?? now + LeafLifetime;

        var (signer, chain) = options.FromUntrustedLookalikeCa
            ? LookalikeCa(now)
            : (LoadWithKey(layout.IssuingCertificate, layout.IssuingKey), [LoadCertificate(layout.IssuingCertificate), LoadCertificate(layout.DomainCertificate)]);
        using (signer)
        {
            using var key = CertificateMinter.NewKey();
            using var certificate = CertificateMinter.Client(name, oin, options, key, signer, notBefore, notAfter);
            if (options.Save) SaveClient(layout, name, certificate, key, []);
            return new IssuedCertificate(CertificateMinter.Reimport(certificate), chain);
        }
    }

    /// <summary>
    /// Re-issues the issuing CA's CRL with <paramref name="serialNumber"/> (hexadecimal, as
    /// <see cref="X509Certificate.GetSerialNumberString"/> prints it) added.
    /// </summary>
    public static void Revoke(string folder, string serialNumber, TimeProvider? clock = null)
    {
        var layout = DevPkiLayout.For(folder);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        using var issuing = LoadWithKey(layout.IssuingCertificate, layout.IssuingKey);
        var crl = DevPkiCrl.WithRevoked(File.ReadAllBytes(layout.IssuingCrl), issuing, DevPkiCrl.ParseSerial(serialNumber), now);
        OwnerOnlyPaths.WriteAllBytes(layout.IssuingCrl, crl);
    }

    /// <summary>
    /// A throw-away root and issuing CA with the dev PKI's names but keys of their own: the issuing CA
    /// with its key to sign, and the public chain (issuing CA, root) a client would present.
    /// </summary>
    private static (X509Certificate2 Signer, X509Certificate2Collection Chain) LookalikeCa(DateTimeOffset now)
    {
        using var rootKey = CertificateMinter.NewKey();
        using var root = CertificateMinter.SelfSignedCa(DevPkiNames.RootCa, rootKey, now - CaBackdating, now.AddYears(1));
        using var issuingKey = CertificateMinter.NewKey();
        var issuing = CertificateMinter.SubordinateCa(DevPkiNames.IssuingCa, issuingKey, root, 0, now - CaBackdating, now.AddYears(1));
        return (issuing, [X509CertificateLoader.LoadCertificate(issuing.RawData), X509CertificateLoader.LoadCertificate(root.RawData)]);
    }

    private static void SaveClient(DevPkiLayout layout, string name, X509Certificate2 certificate, RSA key, List<string> written)
    {
        OwnerOnlyPaths.CreateDirectory(layout.ClientsFolder);
        Write(layout.ClientCertificate(name), certificate.ExportCertificatePem(), written);
        Write(layout.ClientKey(name), key.ExportPkcs8PrivateKeyPem(), written);
    }

    // Certificates are public, but one owner-only writer for every file keeps the folder uniform.
    // .NET's PEM exports end without a newline; add one so files can be concatenated into bundles.
    private static void Write(string path, string content, List<string> written)
    {
        OwnerOnlyPaths.WriteAllText(path, content.EndsWith('\n') ? content : content + "\n");
        written.Add(path);
    }

    private static X509Certificate2 LoadCertificate(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    private static X509Certificate2 LoadWithKey(string certificate, string key)
    {
        using var fromPem = X509Certificate2.CreateFromPemFile(certificate, key);
        return CertificateMinter.Reimport(fromPem);
    }
}

/// <summary>What <see cref="DevPki.Create"/> did: whether it created anything, and which files it wrote.</summary>
public sealed record DevPkiCreation(DevPkiLayout Layout, bool Created, IReadOnlyList<string> Files);
