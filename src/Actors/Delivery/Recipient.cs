using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Actors.Delivery;

/// <summary>
/// A configured receiving party (a government organisation's system): its id, OIN and the endpoint that
/// the HTTP push channel posts to, with the time one attempt may take, and the certificate to encrypt
/// deliveries for, when it wants them encrypted.
/// </summary>
public sealed record Recipient(string Id, string? Oin, Uri Endpoint, TimeSpan AttemptTimeout,
    X509Certificate2? EncryptionCertificate = null);
