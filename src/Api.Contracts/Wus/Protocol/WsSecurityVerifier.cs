using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace Digipoort.Wus.Protocol;

/// <summary>How strict the check of a message's wsu:Timestamp is.</summary>
/// <param name="MaxAge">How old a Timestamp without Expires may be.</param>
public sealed record TimestampPolicy(DateTimeOffset Now, TimeSpan ClockSkew, TimeSpan MaxAge);

/// <summary>The digest of a referenced element computed elsewhere (the gateway digests the Body while streaming it).</summary>
public sealed record PrecomputedDigest(string Id, byte[] Value);

/// <summary>What a reference asks for: how to digest the element it names.</summary>
public sealed record ReferenceDigest(HashAlgorithmName Algorithm, IReadOnlySet<string> InclusivePrefixes);

/// <summary>A verified WS-Security header: who signed, and when.</summary>
public sealed record VerifiedSecurity(X509Certificate2 Certificate, DateTimeOffset Created, DateTimeOffset? Expires);

/// <summary>
/// Verifies the WS-Security header of a SOAP 1.1 message against the Digipoort profile (contract §4):
/// one wsse:Security with one wsu:Timestamp and one signature (exclusive c14n, RSA-SHA1/SHA-256,
/// SHA-1/SHA-256 digests) whose key is the BinarySecurityToken it refers to. Against signature wrapping,
/// the references are resolved to elements by position, not only by id: the Body, the Timestamp and
/// every WS-Addressing header of <em>this</em> envelope must each be referenced exactly once, every id
/// in the document must be unique, and nothing outside the envelope's header and body may be referenced.
/// </summary>
public static class WsSecurityVerifier
{
    /// <summary>The Security header, or an error when there is none or more than one.</summary>
    public static (XmlElement? Security, string? Error) FindSecurity(XmlElement? header)
    {
        var all = header?.ChildNodes.OfType<XmlElement>()
            .Where(e => e.LocalName == "Security" && e.NamespaceURI == WusNamespaces.Security).ToList() ?? [];
        return all.Count switch
        {
            0 => (null, "The message is not signed: there is no wsse:Security header."),
            1 => (all[0], null),
            _ => (null, "The message has more than one wsse:Security header."),
        };
    }

    /// <summary>How the reference to <paramref name="id"/> in the message's signature wants it digested (null: not referenced).</summary>
    public static ReferenceDigest? ReferenceFor(XmlElement security, string id)
    {
        var reference = SignedInfo(security)?.ChildNodes.OfType<XmlElement>()
            .FirstOrDefault(r => r.LocalName == "Reference" && r.NamespaceURI == WusNamespaces.XmlDsig && r.GetAttribute("URI") == "#" + id);
        if (reference is null) return null;
        var (digest, prefixes, error) = DigestOf(reference);
        return error is null ? new ReferenceDigest(digest, prefixes) : null;
    }

    public static (VerifiedSecurity? Result, string? Error) Verify(XmlDocument doc, TimestampPolicy timestamps, PrecomputedDigest? precomputed = null)
    {
        var envelope = doc.DocumentElement!;
        var header = SoapEnvelope.Child(envelope, "Header", WusNamespaces.Soap11);
        var body = SoapEnvelope.Child(envelope, "Body", WusNamespaces.Soap11);
        if (body is null) return Fail("The envelope has no Body.");
        var (security, missing) = FindSecurity(header);
        if (security is null) return Fail(missing!);

        var (created, expires, timestampError) = CheckTimestamp(security, timestamps);
        if (timestampError is not null) return Fail(timestampError);
        var timestamp = Children(security, "Timestamp", WusNamespaces.Utility)[0];

        var signatures = Children(security, "Signature", WusNamespaces.XmlDsig);
        if (signatures.Count != 1) return Fail("The wsse:Security header must hold exactly one ds:Signature.");
        var signature = signatures[0];
        var signedInfo = SignedInfo(security);
        if (signedInfo is null) return Fail("The signature has no SignedInfo.");

        var ids = IndexIds(envelope, out var duplicate);
        if (duplicate is not null) return Fail($"The id '{duplicate}' occurs more than once in the envelope.");

        // Everything that must be signed, found by position in this envelope.
        var required = new List<XmlElement> { body, timestamp };
        required.AddRange(header!.ChildNodes.OfType<XmlElement>().Where(e => e.NamespaceURI == WusNamespaces.Addressing));
        var referenced = new HashSet<XmlElement>();

        var references = Children(signedInfo, "Reference", WusNamespaces.XmlDsig);
        if (references.Count == 0) return Fail("The signature has no references.");
        foreach (var reference in references)
        {
            var uri = reference.GetAttribute("URI");
            if (!uri.StartsWith('#') || uri.Length < 2) return Fail($"Reference URI '{uri}' is not a same-document id reference.");
            if (!ids.TryGetValue(uri[1..], out var target)) return Fail($"Reference {uri} names no element of this envelope.");
            if (!required.Contains(target) && target.ParentNode != security)
                return Fail($"Reference {uri} names an element that is not the Body, the Timestamp or a WS-Addressing header of this envelope.");
            if (!referenced.Add(target)) return Fail($"The element {target.LocalName} is referenced more than once.");

            var (algorithm, prefixes, error) = DigestOf(reference);
            if (error is not null) return Fail(error);
            var expected = Children(reference, "DigestValue", WusNamespaces.XmlDsig).FirstOrDefault()?.InnerText.Trim();
            if (expected is null || !TryBase64(expected, out var expectedBytes)) return Fail($"Reference {uri} has no valid DigestValue.");
            // A streamed Body is not in the DOM in full: its digest was taken while it was read.
            var actual = target == body && precomputed is not null
                ? (precomputed.Id == uri[1..] ? precomputed.Value : null)
                : ExclusiveCanonicalization.Digest(target, algorithm, prefixes);
            if (actual is null || !CryptographicOperations.FixedTimeEquals(actual, expectedBytes))
                return Fail($"The digest of {target.LocalName} does not match: it was changed after signing.");
        }
        var unsigned = required.Where(e => !referenced.Contains(e)).Select(e => e.LocalName).ToList();
        if (unsigned.Count > 0) return Fail($"Not signed: {string.Join(", ", unsigned)}. The Body, the Timestamp and every WS-Addressing header must be signed.");

        var (certificate, tokenError) = SigningToken(signature, security, ids);
        if (certificate is null) return Fail(tokenError!);
        var (canonicalization, signatureMethod, methodError) = SignedInfoMethods(signedInfo);
        if (methodError is not null) return Fail(methodError);
        var signatureValue = Children(signature, "SignatureValue", WusNamespaces.XmlDsig).FirstOrDefault()?.InnerText.Trim();
        if (signatureValue is null || !TryBase64(signatureValue, out var signatureBytes)) return Fail("The signature has no valid SignatureValue.");
        using var key = certificate.GetRSAPublicKey();
        if (key is null) return Fail("The signing certificate has no RSA key.");
        var canonicalSignedInfo = ExclusiveCanonicalization.Bytes(signedInfo, ExclusiveCanonicalization.InclusivePrefixes(canonicalization!));
        if (!key.VerifyData(canonicalSignedInfo, signatureBytes, signatureMethod, RSASignaturePadding.Pkcs1))
            return Fail("The signature value does not verify with the signing certificate.");
        return (new VerifiedSecurity(certificate, created, expires), null);
    }

    private static (VerifiedSecurity?, string?) Fail(string error) => (null, error);

    private static XmlElement? SignedInfo(XmlElement security) =>
        Children(security, "Signature", WusNamespaces.XmlDsig).FirstOrDefault() is { } signature
            ? Children(signature, "SignedInfo", WusNamespaces.XmlDsig).FirstOrDefault()
            : null;

    private static (DateTimeOffset Created, DateTimeOffset? Expires, string? Error) CheckTimestamp(XmlElement security, TimestampPolicy policy)
    {
        var timestamps = Children(security, "Timestamp", WusNamespaces.Utility);
        if (timestamps.Count != 1) return (default, null, "The wsse:Security header must hold exactly one wsu:Timestamp.");
        var createdText = Children(timestamps[0], "Created", WusNamespaces.Utility).FirstOrDefault()?.InnerText;
        if (!TryDateTime(createdText, out var created)) return (default, null, "The wsu:Timestamp has no valid wsu:Created.");
        DateTimeOffset? expires = null;
        if (Children(timestamps[0], "Expires", WusNamespaces.Utility).FirstOrDefault() is { } expiresElement)
        {
            if (!TryDateTime(expiresElement.InnerText, out var parsed)) return (default, null, "The wsu:Timestamp has an invalid wsu:Expires.");
            expires = parsed;
        }
        if (created > policy.Now + policy.ClockSkew) return (default, null, "The wsu:Timestamp was created in the future.");
        if ((expires ?? created + policy.MaxAge) < policy.Now - policy.ClockSkew) return (default, null, "The wsu:Timestamp has expired.");
        return (created, expires, null);
    }

    private static (HashAlgorithmName Algorithm, IReadOnlySet<string> Prefixes, string? Error) DigestOf(XmlElement reference)
    {
        var transforms = Children(reference, "Transforms", WusNamespaces.XmlDsig).FirstOrDefault() is { } list
            ? Children(list, "Transform", WusNamespaces.XmlDsig)
            : [];
        if (transforms.Count != 1 || transforms[0].GetAttribute("Algorithm") != WusNamespaces.ExcC14n)
            return (default, new HashSet<string>(), "Every reference must have exactly one transform, exclusive canonicalization.");
        var method = Children(reference, "DigestMethod", WusNamespaces.XmlDsig).FirstOrDefault()?.GetAttribute("Algorithm");
        HashAlgorithmName? algorithm = method switch
        {
            WusNamespaces.Sha1 => HashAlgorithmName.SHA1,
            WusNamespaces.Sha256 => HashAlgorithmName.SHA256,
            _ => null,
        };
        return algorithm is { } known
            ? (known, ExclusiveCanonicalization.InclusivePrefixes(transforms[0]), null)
            : (default, new HashSet<string>(), $"Digest method '{method}' is not supported (SHA-1 or SHA-256).");
    }

    private static (XmlElement? Canonicalization, HashAlgorithmName Method, string? Error) SignedInfoMethods(XmlElement signedInfo)
    {
        var canonicalization = Children(signedInfo, "CanonicalizationMethod", WusNamespaces.XmlDsig).FirstOrDefault();
        if (canonicalization?.GetAttribute("Algorithm") != WusNamespaces.ExcC14n)
            return (null, default, "SignedInfo must be canonicalized with exclusive canonicalization.");
        return Children(signedInfo, "SignatureMethod", WusNamespaces.XmlDsig).FirstOrDefault()?.GetAttribute("Algorithm") switch
        {
            WusNamespaces.RsaSha1 => (canonicalization, HashAlgorithmName.SHA1, null),
            WusNamespaces.RsaSha256 => (canonicalization, HashAlgorithmName.SHA256, null),
            var other => (null, default, $"Signature method '{other}' is not supported (RSA-SHA1 or RSA-SHA256)."),
        };
    }

    private static (X509Certificate2? Certificate, string? Error) SigningToken(XmlElement signature, XmlElement security,
        Dictionary<string, XmlElement> ids)
    {
        var reference = Children(signature, "KeyInfo", WusNamespaces.XmlDsig).FirstOrDefault() is { } keyInfo
            && Children(keyInfo, "SecurityTokenReference", WusNamespaces.Security).FirstOrDefault() is { } str
            ? Children(str, "Reference", WusNamespaces.Security).FirstOrDefault()
            : null;
        var uri = reference?.GetAttribute("URI") ?? "";
        if (!uri.StartsWith('#') || !ids.TryGetValue(uri[1..], out var token) || token.ParentNode != security
            || token.LocalName != "BinarySecurityToken" || token.NamespaceURI != WusNamespaces.Security)
            return (null, "The signature's KeyInfo must refer to a wsse:BinarySecurityToken in the same wsse:Security header.");
        if (token.GetAttribute("ValueType") != WusNamespaces.X509v3)
            return (null, "The BinarySecurityToken must be an X.509 v3 certificate.");
        var encoding = token.GetAttribute("EncodingType");
        if (encoding.Length > 0 && encoding != WusNamespaces.Base64Binary) return (null, "The BinarySecurityToken must be base64 encoded.");
        try
        {
            return TryBase64(token.InnerText.Trim(), out var der)
                ? (X509CertificateLoader.LoadCertificate(der), null)
                : (null, "The BinarySecurityToken is not valid base64.");
        }
        catch (CryptographicException)
        {
            return (null, "The BinarySecurityToken is not a valid X.509 certificate.");
        }
    }

    /// <summary>Every element with a wsu:Id or Id attribute, by id; reports the first id that occurs twice.</summary>
    private static Dictionary<string, XmlElement> IndexIds(XmlElement root, out string? duplicate)
    {
        duplicate = null;
        var ids = new Dictionary<string, XmlElement>(StringComparer.Ordinal);
        var pending = new Stack<XmlElement>([root]);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            foreach (XmlAttribute a in element.Attributes)
            {
                if (a.LocalName != "Id" || (a.NamespaceURI != WusNamespaces.Utility && a.NamespaceURI.Length != 0)) continue;
                if (!ids.TryAdd(a.Value, element)) duplicate ??= a.Value;
            }
            foreach (var child in element.ChildNodes.OfType<XmlElement>()) pending.Push(child);
        }
        return ids;
    }

    private static List<XmlElement> Children(XmlElement parent, string localName, string namespaceUri) =>
        [.. parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == localName && e.NamespaceURI == namespaceUri)];

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written)) return false;
        bytes = bytes[..written];
        return true;
    }

    private static bool TryDateTime(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
