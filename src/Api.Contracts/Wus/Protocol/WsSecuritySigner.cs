using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace Digipoort.Wus.Protocol;

/// <summary>The signature and digest algorithms of a signer: RSA-SHA1/SHA-1 as every Digipoort client uses, or SHA-256.</summary>
public enum WusSignatureAlgorithm
{
    RsaSha1 = 0,
    RsaSha256,
}

/// <summary>
/// Signs an envelope built by <see cref="SoapEnvelope"/> the way wus-js, wus.core and Digipoort do:
/// a wsse:Security header with a wsu:Timestamp, the certificate as a BinarySecurityToken, and an
/// XML signature (exclusive c14n) over the Timestamp, every WS-Addressing header and the Body, whose
/// KeyInfo refers to the token. Prepared once per certificate (key, token) and reusable across threads.
/// </summary>
public sealed class WsSecuritySigner
{
    public const string TimestampId = "timestamp_0";
    public const string TokenId = "sec_0";

    private readonly RSA _key;
    private readonly string _token;
    private readonly HashAlgorithmName _hash;
    private readonly string _signatureMethod;
    private readonly string _digestMethod;

    public WsSecuritySigner(X509Certificate2 certificate, WusSignatureAlgorithm algorithm = WusSignatureAlgorithm.RsaSha1)
    {
        _key = certificate.GetRSAPrivateKey() ?? throw new ArgumentException("The certificate has no RSA private key.", nameof(certificate));
        Certificate = certificate;
        _token = Convert.ToBase64String(certificate.RawData);
        (_hash, _signatureMethod, _digestMethod) = algorithm == WusSignatureAlgorithm.RsaSha256
            ? (HashAlgorithmName.SHA256, WusNamespaces.RsaSha256, WusNamespaces.Sha256)
            : (HashAlgorithmName.SHA1, WusNamespaces.RsaSha1, WusNamespaces.Sha1);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The digest algorithm of every reference (what a precomputed Body digest must use).</summary>
    public HashAlgorithmName DigestAlgorithm => _hash;

    /// <param name="securityFirst">Put wsse:Security before the addressing headers (as Digipoort's responses do).</param>
    /// <param name="bodyDigest">The Body's digest when the DOM does not hold all of it (content streamed in later).</param>
    public void Sign(XmlDocument doc, DateTimeOffset now, TimeSpan validity, bool securityFirst, byte[]? bodyDigest = null)
    {
        var header = SoapEnvelope.Header(doc);
        var signed = header.ChildNodes.OfType<XmlElement>().Where(e => e.NamespaceURI == WusNamespaces.Addressing).ToList();

        var security = doc.CreateElement("o", "Security", WusNamespaces.Security);
        SoapEnvelope.SetAttribute(security, "s", "mustUnderstand", WusNamespaces.Soap11, "1");
        if (securityFirst) header.PrependChild(security);
        else header.AppendChild(security);

        var timestamp = Element(security, "u", "Timestamp", WusNamespaces.Utility);
        SoapEnvelope.SetAttribute(timestamp, "u", "Id", WusNamespaces.Utility, TimestampId);
        Element(timestamp, "u", "Created", WusNamespaces.Utility).InnerText = SoapEnvelope.Timestamp(now);
        Element(timestamp, "u", "Expires", WusNamespaces.Utility).InnerText = SoapEnvelope.Timestamp(now + validity);

        var token = Element(security, "o", "BinarySecurityToken", WusNamespaces.Security);
        SoapEnvelope.SetAttribute(token, "u", "Id", WusNamespaces.Utility, TokenId);
        token.SetAttribute("ValueType", WusNamespaces.X509v3);
        token.SetAttribute("EncodingType", WusNamespaces.Base64Binary);
        token.InnerText = _token;

        signed.Insert(0, timestamp);
        var body = SoapEnvelope.Body(doc);
        signed.Insert(0, body);

        var signature = doc.CreateElement("Signature", WusNamespaces.XmlDsig);
        security.AppendChild(signature);
        var signedInfo = Element(signature, null, "SignedInfo", WusNamespaces.XmlDsig);
        Element(signedInfo, null, "CanonicalizationMethod", WusNamespaces.XmlDsig).SetAttribute("Algorithm", WusNamespaces.ExcC14n);
        Element(signedInfo, null, "SignatureMethod", WusNamespaces.XmlDsig).SetAttribute("Algorithm", _signatureMethod);
        foreach (var element in signed)
        {
            var reference = Element(signedInfo, null, "Reference", WusNamespaces.XmlDsig);
            reference.SetAttribute("URI", "#" + element.GetAttribute("Id", WusNamespaces.Utility));
            var transforms = Element(reference, null, "Transforms", WusNamespaces.XmlDsig);
            Element(transforms, null, "Transform", WusNamespaces.XmlDsig).SetAttribute("Algorithm", WusNamespaces.ExcC14n);
            Element(reference, null, "DigestMethod", WusNamespaces.XmlDsig).SetAttribute("Algorithm", _digestMethod);
            Element(reference, null, "DigestValue", WusNamespaces.XmlDsig).InnerText =
                Convert.ToBase64String(element == body && bodyDigest is not null ? bodyDigest : ExclusiveCanonicalization.Digest(element, _hash));
        }

        var value = _key.SignData(ExclusiveCanonicalization.Bytes(signedInfo), _hash, RSASignaturePadding.Pkcs1);
        Element(signature, null, "SignatureValue", WusNamespaces.XmlDsig).InnerText = Convert.ToBase64String(value);
        var keyInfo = Element(signature, null, "KeyInfo", WusNamespaces.XmlDsig);
        var tokenReference = Element(keyInfo, "o", "SecurityTokenReference", WusNamespaces.Security);
        var tokenRef = Element(tokenReference, "o", "Reference", WusNamespaces.Security);
        tokenRef.SetAttribute("URI", "#" + TokenId);
        tokenRef.SetAttribute("ValueType", WusNamespaces.X509v3);
    }

    private static XmlElement Element(XmlElement parent, string? prefix, string localName, string namespaceUri)
    {
        var element = parent.OwnerDocument.CreateElement(prefix, localName, namespaceUri);
        parent.AppendChild(element);
        return element;
    }
}
