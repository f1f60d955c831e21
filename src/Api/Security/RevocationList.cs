using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Api.Security;

/// <summary>
/// An X.509 CRL (RFC 5280 §5) read with <see cref="AsnReader"/>: the issuer, thisUpdate/nextUpdate
/// and the revoked serials. .NET can build CRLs but has no public CRL reader, and the chain engine's
/// own revocation checking would fetch URLs from the certificate, which we do not want during a
/// handshake. Entry and CRL extensions are not interpreted (no delta or partitioned CRLs here).
/// </summary>
internal sealed class RevocationList
{
    private readonly byte[] _tbs;
    private readonly string _signatureAlgorithm;
    private readonly byte[] _signature;
    private readonly HashSet<string> _revoked;

    private RevocationList(byte[] issuer, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, HashSet<string> revoked,
        byte[] tbs, string signatureAlgorithm, byte[] signature)
    {
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _revoked = revoked;
        _tbs = tbs;
        _signatureAlgorithm = signatureAlgorithm;
        _signature = signature;
    }

    /// <summary>The issuer's distinguished name as encoded (compared byte for byte with the CA's subject).</summary>
    public byte[] Issuer { get; }
    public DateTimeOffset ThisUpdate { get; }
    public DateTimeOffset? NextUpdate { get; }
    public int Count => _revoked.Count;

    public bool IsIssuedBy(X509Certificate2 issuer) => Issuer.AsSpan().SequenceEqual(issuer.SubjectName.RawData);

    public bool Contains(X509Certificate2 certificate) => _revoked.Contains(SerialKey(certificate.SerialNumberBytes.Span));

    /// <summary>
    /// Verifies the CRL's signature with the issuer's public key. SHA-1 and unknown algorithms fail:
    /// a CRL that cannot be verified is no better than no CRL.
    /// </summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        var hash = _signatureAlgorithm switch
        {
            "1.2.840.113549.1.1.11" or "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
            "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
            "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (hash == default) return false;
        try
        {
            if (_signatureAlgorithm.StartsWith("1.2.840.113549", StringComparison.Ordinal))
            {
                using var rsa = issuer.GetRSAPublicKey();
                return rsa is not null && rsa.VerifyData(_tbs, _signature, hash, RSASignaturePadding.Pkcs1);
            }
            using var ecdsa = issuer.GetECDsaPublicKey();
            return ecdsa is not null && ecdsa.VerifyData(_tbs, _signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Parses a DER CRL; null when it is not one.</summary>
    public static RevocationList? TryParse(byte[] der)
    {
        try
        {
            return Parse(der);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return null;
        }
    }

    private static RevocationList? Parse(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var certificateList = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        var tbsBytes = certificateList.PeekEncodedValue().ToArray();
        var tbs = certificateList.ReadSequence();
        var signatureAlgorithm = certificateList.ReadEncodedValue().ToArray();
        var signature = certificateList.ReadBitString(out var unusedBits);
        certificateList.ThrowIfNotEmpty();

        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer)) tbs.ReadInteger(); // version v2
        // RFC 5280 §5.1.1.2: the signed algorithm must equal the outer one, or the signature proves nothing about it.
        if (!tbs.ReadEncodedValue().Span.SequenceEqual(signatureAlgorithm) || unusedBits != 0) return null;
        var issuer = tbs.ReadEncodedValue().ToArray();
        var thisUpdate = ReadTime(tbs);
        DateTimeOffset? nextUpdate = tbs.HasData && IsTime(tbs.PeekTag()) ? ReadTime(tbs) : null;

        var revoked = new HashSet<string>(StringComparer.Ordinal);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                var entry = entries.ReadSequence();
                revoked.Add(SerialKey(entry.ReadIntegerBytes().Span));
            }
        }

        var algorithm = new AsnReader(signatureAlgorithm, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
        return new RevocationList(issuer, thisUpdate, nextUpdate, revoked, tbsBytes, algorithm, signature);
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

    // Leading zero octets only keep a DER INTEGER positive; they are not part of the serial's identity.
    private static string SerialKey(ReadOnlySpan<byte> serial)
    {
        var start = 0;
        while (start < serial.Length - 1 && serial[start] == 0) start++;
        return Convert.ToHexString(serial[start..]);
    }
}
