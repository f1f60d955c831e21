using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Digipoort.LoadTest.Transport;

/// <summary>
/// HTTP handlers for the nodes: with the sender's client certificate (mutual TLS) and the server
/// checked against a given root (the development PKI's, for a local node) rather than the machine store.
/// </summary>
public static class ClientCertificates
{
    /// <summary>A certificate with its private key from PEM files, usable by SslStream on Linux.</summary>
    public static X509Certificate2 Load(string certificatePem, string keyPem)
    {
        if (!File.Exists(certificatePem)) throw new Machine.LoadTestException($"Client certificate not found: {certificatePem}");
        if (!File.Exists(keyPem)) throw new Machine.LoadTestException($"Client key not found: {keyPem}");
        using var pem = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
        // Through PKCS#12 so that SslStream can use the key on Linux.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <param name="connections">Connections per node: the concurrency the tool may need.</param>
    /// <param name="certificate">Presented to the node; none for plain HTTP.</param>
    /// <param name="trust">The roots (self-signed) the node's certificate must chain to and intermediates to build the chain with; none: the system's trust.</param>
    /// <param name="insecure">Accept any server certificate (measurement against a node whose root is not at hand).</param>
    public static SocketsHttpHandler Handler(int connections, X509Certificate2? certificate, X509Certificate2Collection? trust, bool insecure)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            // A proxy from the environment must not sit between the tool and the node.
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        if (certificate is not null) handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
        if (insecure)
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        else if (trust is { Count: > 0 })
            handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                && server is X509Certificate2 presented && ChainsTo(trust, presented);
        return handler;
    }

    /// <summary>Every certificate in a PEM file, or in every *.pem file of a folder.</summary>
    public static X509Certificate2Collection LoadTrust(string path)
    {
        var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.pem") : File.Exists(path) ? [path] : [];
        if (files.Length == 0) throw new Machine.LoadTestException($"No PEM certificates at {path}");
        var trust = new X509Certificate2Collection();
        foreach (var file in files) trust.ImportFromPemFile(file);
        return trust;
    }

    private static bool ChainsTo(X509Certificate2Collection trust, X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        foreach (var known in trust)
        {
            if (known.SubjectName.RawData.AsSpan().SequenceEqual(known.IssuerName.RawData)) chain.ChainPolicy.CustomTrustStore.Add(known);
            else chain.ChainPolicy.ExtraStore.Add(known);
        }
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
