using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Node.Pki;

/// <summary>
/// Builds the certificates of the development PKI with <see cref="CertificateRequest"/>. RSA-3072 with
/// SHA-256 and PKCS#1 v1.5 signatures, because that is what PKIoverheid issues (G3 hierarchy).
/// </summary>
internal static class CertificateMinter
{
    public const int KeySize = 3072;

    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    public static RSA NewKey() => RSA.Create(KeySize);

    public static X509Certificate2 SelfSignedCa(string subject, RSA key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = CaRequest(new X500DistinguishedName(subject), key, pathLength: 2);
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>A CA below <paramref name="issuer"/>; path length shrinks by one per level as in PKIoverheid.</summary>
    public static X509Certificate2 SubordinateCa(string subject, RSA key, X509Certificate2 issuer, int pathLength,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = CaRequest(new X500DistinguishedName(subject), key, pathLength);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return Sign(request, issuer, notBefore, notAfter).CopyWithPrivateKey(key);
    }

    public static X509Certificate2 Server(RSA key, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var subject = Subject(DevPkiNames.Organisation, null, DevPkiNames.ServerOin, "localhost");
        var request = LeafRequest(subject, key, issuer, [ServerAuth, ClientAuth]);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        return Sign(request, issuer, notBefore, notAfter).CopyWithPrivateKey(key);
    }

    public static X509Certificate2 Client(string commonName, string? oin, ClientCertificateOptions options, RSA key,
        X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var subject = Subject(options.Organisation, options.Role, oin, commonName);
        Oid[] usages = options.Usage == ClientCertificateUsage.ServerAuthOnly ? [ServerAuth] : [ClientAuth];
        var request = LeafRequest(subject, key, issuer, usages);
        return Sign(request, issuer, notBefore, notAfter).CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Encoded C, O, OU, serialNumber, CN like PKIoverheid certificates; the builder encodes in reverse
    /// order of adding, so CN comes first here. The OIN goes in serialNumber (2.5.4.5) as a
    /// PrintableString, as PKIoverheid TSPs encode it; a null or odd OIN is written as given so tests
    /// can mint bad ones.
    /// </summary>
    public static X500DistinguishedName Subject(string organisation, string? unit, string? oin, string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        if (oin is not null) builder.Add("2.5.4.5", oin, OinEncoding(oin));
        if (unit is not null) builder.AddOrganizationalUnitName(unit);
        builder.AddOrganizationName(organisation);
        builder.AddCountryOrRegion("NL");
        return builder.Build();
    }

    /// <summary>Random positive 128-bit serial, as CAs do since serials must be unpredictable.</summary>
    public static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    /// <summary>Re-imports through PKCS#12 so the key is one SslStream can use on Linux.</summary>
    public static X509Certificate2 Reimport(X509Certificate2 withKey) =>
        X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

    // PrintableString cannot hold every character a malformed-OIN test may want; fall back to UTF8String.
    private static UniversalTagNumber OinEncoding(string oin) =>
        oin.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '.') ? UniversalTagNumber.PrintableString : UniversalTagNumber.UTF8String;

    private static CertificateRequest CaRequest(X500DistinguishedName subject, RSA key, int pathLength)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static CertificateRequest LeafRequest(X500DistinguishedName subject, RSA key, X509Certificate2 issuer, Oid[] usages)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request;
    }

    /// <summary>
    /// Signs with the issuer's key through a signature generator rather than <c>Create(issuer, …)</c>:
    /// that overload refuses validity periods outside the issuer's, and tests need exactly those.
    /// </summary>
    private static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var issuerKey = issuer.GetRSAPrivateKey() ?? throw new InvalidOperationException($"'{issuer.Subject}' has no RSA private key.");
        var generator = X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1);
        using var issued = request.Create(issuer.SubjectName, generator, notBefore, notAfter, NewSerial());
        return X509CertificateLoader.LoadCertificate(issued.RawData);
    }
}
