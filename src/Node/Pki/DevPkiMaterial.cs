using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Node.Pki;

/// <summary>
/// A development PKI loaded for use: the server certificate with a private key SslStream can use,
/// the trust anchors, and the client certificates with their keys.
/// </summary>
/// <param name="Server">Server certificate with its private key (re-imported through PKCS#12).</param>
/// <param name="Root">The dev root CA: the only trust anchor.</param>
/// <param name="Intermediates">Domain and issuing CA, issuing CA first; send them with the server certificate.</param>
/// <param name="Clients">Client certificates with keys, by file name (sender, intermediary, operator, …).</param>
public sealed record DevPkiMaterial(
    DevPkiLayout Layout,
    X509Certificate2 Server,
    X509Certificate2 Root,
    X509Certificate2Collection Intermediates,
    IReadOnlyDictionary<string, X509Certificate2> Clients);
