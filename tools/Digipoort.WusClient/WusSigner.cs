using System.Security.Cryptography.X509Certificates;
using Digipoort.Wus.Protocol;

namespace Digipoort.WusClient;

/// <summary>
/// Signs requests with one certificate, the way wus-js and wus.core do (contract §9.2): a Timestamp,
/// the certificate as BinarySecurityToken and an exclusive-c14n signature over the Timestamp, the
/// WS-Addressing headers and the Body. Prepare one per certificate and reuse it: it holds the key and
/// the encoded token, and is safe to use from many threads.
/// </summary>
public sealed class WusSigner
{
    /// <param name="sha256">RSA-SHA256 with SHA-256 digests instead of the RSA-SHA1/SHA-1 every Digipoort client sends.</param>
    public WusSigner(X509Certificate2 certificate, bool sha256 = false) =>
        Inner = new WsSecuritySigner(certificate, sha256 ? WusSignatureAlgorithm.RsaSha256 : WusSignatureAlgorithm.RsaSha1);

    public X509Certificate2 Certificate => Inner.Certificate;

    internal WsSecuritySigner Inner { get; }
}
