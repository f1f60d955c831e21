using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Api.Security;
using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;
using Digipoort.Node.Pki;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Digipoort.Node.Tls;

/// <summary>
/// Mutual TLS for the sender-facing listeners: the node's certificate, a client certificate required
/// on every https address, and the validator that decides about that certificate.
/// </summary>
public static class MutualTls
{
    public static WebApplicationBuilder AddDigipoortMutualTls(this WebApplicationBuilder builder, NodeOptions options, DataFolder data)
    {
        var tls = options.Tls;
        var pki = DevPkiLayout.For(tls.PkiDirectory ?? DataFolder.PkiDirectoryOf(data.Root));
        var usesDevPki = tls.ServerCertificatePath is null || tls.TrustDirectory is null || tls.CrlSources is null;
        if (usesDevPki) DevPki.EnsureCreated(pki.Root);

        var (server, chain) = ServerCertificate(tls, pki);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = server;
            https.ServerCertificateChain = chain;
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            // No certificate: refused in the handshake. Any certificate: let through, so that the
            // application can refuse a bad one with a problem that says why (ClientCertificateAuthentication).
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (_, _, _) => true;
        }));

        builder.Services.AddSingleton(sp => new ClientCertificateValidator(new ClientCertificateValidatorSettings
        {
            TrustFolder = tls.TrustDirectory ?? pki.TrustFolder,
            CrlSources = [.. tls.CrlSources ?? [pki.IssuingCrl]],
            StaleCrl = tls.StaleCrl,
        }, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ClientCertificateValidator>>()));
        return builder;
    }

    /// <summary>The node's server certificate (with its key) and chain, as configured or from the development PKI.</summary>
    internal static (X509Certificate2 Certificate, X509Certificate2Collection Chain) ServerCertificate(TlsSettings tls, DataFolder data) =>
        ServerCertificate(tls, DevPkiLayout.For(tls.PkiDirectory ?? DataFolder.PkiDirectoryOf(data.Root)));

    private static (X509Certificate2 Certificate, X509Certificate2Collection Chain) ServerCertificate(TlsSettings tls, DevPkiLayout pki)
    {
        if (tls.ServerCertificatePath is null)
        {
            var material = DevPki.Load(pki.Root);
            return (material.Server, material.Intermediates);
        }
        using var pem = X509Certificate2.CreateFromPemFile(tls.ServerCertificatePath, tls.ServerKeyPath);
        // Re-imported through PKCS#12 so that SslStream can use the key on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(tls.ServerCertificatePath);
        return (certificate, new X509Certificate2Collection(chain.Where(c => c.Thumbprint != certificate.Thumbprint).ToArray()));
    }
}
