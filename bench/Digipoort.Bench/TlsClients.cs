using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Bench;

/// <summary>
/// HTTP clients of the node, with or without the development sender's certificate, and the
/// handshake measurement: what a request costs when it opens a new mutual-TLS connection, next to
/// requests on one kept-alive connection.
/// </summary>
internal static class TlsClients
{
    public static X509Certificate2 SenderCertificate(string pkiDirectory)
    {
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(pkiDirectory, "clients", "sender.pem"),
            Path.Combine(pkiDirectory, "clients", "sender.key"));
        // Through PKCS#12 so that SslStream can use the key on Linux.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public static SocketsHttpHandler Handler(int connections, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            // Loopback only: a proxy from the environment must not sit between the bench and the node.
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
            // The node's development server certificate: the bench measures, it does not audit trust.
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        return handler;
    }

    public static async Task<IReadOnlyList<string>> MeasureHandshakesAsync(Uri api, string pkiDirectory, int count,
        CancellationToken cancellationToken)
    {
        using var certificate = SenderCertificate(pkiDirectory);
        var target = new Uri(api, "/api/v1/message-types");

        var fresh = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var client = new HttpClient(Handler(1, certificate));
            using var response = await client.GetAsync(target, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
        fresh.Stop();

        using var reused = new HttpClient(Handler(1, certificate));
        (await reused.GetAsync(target, cancellationToken)).Dispose(); // the one handshake
        var kept = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var response = await reused.GetAsync(target, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
        kept.Stop();

        return
        [
            string.Create(CultureInfo.InvariantCulture,
                $"mutual-TLS handshakes: {count} sequential requests each on a new connection: {count / fresh.Elapsed.TotalSeconds:0} req/s " +
                $"({fresh.Elapsed.TotalMilliseconds / count:0.00} ms each); on one kept-alive connection: {count / kept.Elapsed.TotalSeconds:0} req/s " +
                $"({kept.Elapsed.TotalMilliseconds / count:0.00} ms each)"),
        ];
    }
}
