using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Node.Pki;

/// <summary>
/// A freshly issued certificate with its private key, and the CA certificates above it (issuing CA
/// first) that a client would send along.
/// </summary>
public sealed record IssuedCertificate(X509Certificate2 Certificate, X509Certificate2Collection Chain);
