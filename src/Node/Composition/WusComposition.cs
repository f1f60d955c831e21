using System.Security.Cryptography.X509Certificates;
using Digipoort.Api.Wus;
using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;
using Digipoort.Node.Tls;

namespace Digipoort.Node.Composition;

/// <summary>
/// The WUS (SOAP) facade: its settings (section <c>Digipoort:Wus</c>) and the certificate that signs its
/// responses. The sender-view read model it looks processes and mailbox items up in is registered with the
/// actor system (<see cref="AkkaComposition"/>), beside the projection that keeps it.
/// </summary>
public static class WusComposition
{
    public static IServiceCollection AddDigipoortWus(this IServiceCollection services, IConfiguration configuration, NodeOptions options,
        DataFolder data)
    {
        var settings = configuration.GetSection(WusSettings.Section).Get<WusSettings>() ?? new WusSettings();
        services.AddWusServices(settings, SigningCertificate(settings, options, data));
        return services;
    }

    /// <summary>
    /// The configured signing certificate, or else the node's TLS server certificate: Digipoort signs its
    /// responses with the certificate it serves TLS with. Cluster nodes configured with the same
    /// certificate files sign alike.
    /// </summary>
    private static X509Certificate2 SigningCertificate(WusSettings settings, NodeOptions options, DataFolder data)
    {
        if (settings.SigningCertificatePath is not { } path) return MutualTls.ServerCertificate(options.Tls, data).Certificate;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            return X509CertificateLoader.LoadPkcs12FromFile(path, settings.SigningCertificatePassword);
        return X509Certificate2.CreateFromPemFile(path, settings.SigningKeyPath);
    }
}
