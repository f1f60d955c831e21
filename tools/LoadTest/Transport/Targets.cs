using System.Security.Cryptography.X509Certificates;
using Digipoort.LoadTest.Cli;

namespace Digipoort.LoadTest.Transport;

/// <summary>
/// The HTTP clients of a run, one per node address, with the sender's client certificate for https
/// addresses. Credentials come from --cert/--key/--ca, else from a development PKI folder (the node's
/// <c>&lt;data&gt;/pki</c>: <c>clients/sender.pem|key</c> and <c>trust/*.pem</c>), as README describes.
/// </summary>
public sealed class Targets : IDisposable
{
    private readonly X509Certificate2? _certificate;

    private Targets(IReadOnlyList<NodeTarget> all, X509Certificate2? certificate)
    {
        All = all;
        _certificate = certificate;
    }

    public IReadOnlyList<NodeTarget> All { get; }

    /// <summary>The sender's client certificate (with its key) the https connections present; null over plain HTTP.</summary>
    public X509Certificate2? ClientCertificate => _certificate;

    /// <param name="pki">The development PKI to take credentials from when none are given explicitly.</param>
    public static Targets Create(IReadOnlyList<Uri> addresses, LoadTestOptions options, string? pki, int connections)
    {
        var tls = addresses.Any(a => a.Scheme == Uri.UriSchemeHttps);
        X509Certificate2? certificate = null;
        X509Certificate2Collection? trust = null;
        if (tls)
        {
            certificate = options.Certificate is not null
                ? ClientCertificates.Load(options.Certificate, options.Key!)
                : pki is not null ? ClientCertificates.Load(Path.Combine(pki, "clients", "sender.pem"), Path.Combine(pki, "clients", "sender.key"))
                : throw new Machine.LoadTestException("An https target needs a client certificate: give --pki (the node's data/pki) or --cert and --key.");
            if (!options.Insecure)
                trust = options.Trust is not null ? ClientCertificates.LoadTrust(options.Trust)
                    : pki is not null ? ClientCertificates.LoadTrust(Path.Combine(pki, "trust"))
                    : null;
        }
        var all = addresses.Select((address, index) => new NodeTarget(index, address,
            new HttpClient(ClientCertificates.Handler(connections, certificate, trust, options.Insecure)) { Timeout = options.RequestTimeout })).ToList();
        return new Targets(all, certificate);
    }

    public void Dispose()
    {
        foreach (var target in All) target.Http.Dispose();
        _certificate?.Dispose();
    }
}
