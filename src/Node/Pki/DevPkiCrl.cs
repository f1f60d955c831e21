using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Node.Pki;

/// <summary>
/// The issuing CA's certificate revocation list: issued empty on creation, re-issued with a higher
/// CRL number on every revocation. It is valid for <see cref="Lifetime"/>; a validator that refuses
/// stale CRLs needs it re-issued (any revocation does that) within that time.
/// </summary>
internal static class DevPkiCrl
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static byte[] Empty(X509Certificate2 issuingCaWithKey, DateTimeOffset now) =>
        new CertificateRevocationListBuilder().Build(issuingCaWithKey, BigInteger.One, now + Lifetime, HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1, now);

    public static byte[] WithRevoked(byte[] current, X509Certificate2 issuingCaWithKey, byte[] serial, DateTimeOffset now)
    {
        var builder = CertificateRevocationListBuilder.Load(current, out var number);
        builder.AddEntry(serial, now, X509RevocationReason.KeyCompromise);
        return builder.Build(issuingCaWithKey, number + 1, now + Lifetime, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, now);
    }

    /// <summary>Parses a serial as printed by tools ("4A:0B…", "4a0b…"); big-endian bytes as in the certificate.</summary>
    public static byte[] ParseSerial(string serialNumber)
    {
        var hex = new string(serialNumber.Where(c => c is not (':' or ' ')).ToArray());
        if (hex.Length == 0 || !hex.All(char.IsAsciiHexDigit))
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{serialNumber}' is not a hexadecimal serial number."));
        return Convert.FromHexString(hex.Length % 2 == 1 ? "0" + hex : hex);
    }
}
