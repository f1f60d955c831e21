using System.Security.Cryptography.X509Certificates;
using Digipoort.Api.Wus.Operations;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus;

public static class WusRegistration
{
    /// <summary>
    /// The SOAP facade's services. <paramref name="signingCertificate"/> (with its RSA private key) signs
    /// the responses; the sender-view store, the intake and the message entities must be registered.
    /// </summary>
    public static IServiceCollection AddWusServices(this IServiceCollection services, WusSettings settings, X509Certificate2 signingCertificate)
    {
        var algorithm = Enum.Parse<WusSignatureAlgorithm>(settings.ResponseSignature, ignoreCase: true);
        services.AddSingleton(settings);
        services.AddSingleton(sp => new WusResponder(new WsSecuritySigner(signingCertificate, algorithm), sp.GetRequiredService<TimeProvider>(),
            settings.ResponseValidity));
        services.AddSingleton<AanleverOperation>();
        services.AddSingleton<StatusinformatieOperations>();
        services.AddSingleton<OphaalOperations>();
        services.AddSingleton<WusGateway>();
        return services;
    }
}
