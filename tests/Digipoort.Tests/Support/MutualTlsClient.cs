using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Node.Pki;

namespace Digipoort.Tests.Support;

/// <summary>HTTP clients of a node's mutual-TLS listener, for in-process test nodes and node processes alike.</summary>
public static class MutualTlsClient
{
    /// <summary>
    /// A client of <paramref name="tlsAddress"/> presenting <paramref name="certificate"/> (none: no client certificate at
    /// all) and trusting only the development root in <paramref name="pkiDirectory"/>.
    /// </summary>
    public static HttpClient Create(Uri tlsAddress, string pkiDirectory, X509Certificate2? certificate)
    {
        var pki = DevPki.Load(pkiDirectory);
        var handler = new SocketsHttpHandler();
        if (certificate is not null)
            handler.SslOptions.ClientCertificateContext = SslStreamCertificateContext.Create(certificate, pki.Intermediates, offline: true);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, errors) =>
            (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
            && server is X509Certificate2 presented && TrustedBy(pki.Root, pki.Intermediates, presented);
        return new HttpClient(handler) { BaseAddress = tlsAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    private static bool TrustedBy(X509Certificate2 root, X509Certificate2Collection intermediates, X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
