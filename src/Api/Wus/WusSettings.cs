using Digipoort.Api.Wus.Reading;

namespace Digipoort.Api.Wus;

/// <summary>
/// Section <c>Digipoort:Wus</c>: the SOAP facade. The largest inhoud is <c>Digipoort:Submission:MaxContentBytes</c>
/// (20 MiB by default), shared with REST.
/// </summary>
public sealed class WusSettings
{
    public const string Section = "Digipoort:Wus";

    /// <summary>How far a sender's clock may be off when its wsu:Timestamp is checked.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old a wsu:Timestamp without wsu:Expires may be.</summary>
    public TimeSpan TimestampMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest request body, base64 and envelope included.</summary>
    public long MaxRequestBytes { get; set; } = 100 * 1024 * 1024;

    public int MaxDepth { get; set; } = 32;
    public int MaxAttributes { get; set; } = 32;
    public int MaxElements { get; set; } = 10_000;

    /// <summary>The longest text other than inhoud (which is streamed and limited in bytes).</summary>
    public int MaxTextLength { get; set; } = 64 * 1024;

    /// <summary>The most binary MIME parts an MTOM request may have (each is staged, within the inhoud limit).</summary>
    public int MtomMaxParts { get; set; } = 100;

    /// <summary>How many binary MIME parts of an MTOM request may go unreferenced by any xop:Include (they are discarded).</summary>
    public int MtomMaxUnreferencedParts { get; set; } = 2;

    /// <summary>The most results one status or Ophaal call returns.</summary>
    public int MaxResults { get; set; } = 100;

    /// <summary>The address the served WSDLs name (e.g. behind a reverse proxy); by default the address the WSDL was asked on.</summary>
    public Uri? PublicBaseAddress { get; set; }

    /// <summary>The certificate that signs responses (PEM or PKCS#12); by default the node's TLS server certificate, as Digipoort does.</summary>
    public string? SigningCertificatePath { get; set; }

    public string? SigningKeyPath { get; set; }
    public string? SigningCertificatePassword { get; set; }

    /// <summary>RsaSha1 (what Digipoort and its clients use) or RsaSha256 for response signatures.</summary>
    public string ResponseSignature { get; set; } = "RsaSha1";

    /// <summary>How long a response's wsu:Timestamp is valid (Digipoort: 10 minutes).</summary>
    public TimeSpan ResponseValidity { get; set; } = TimeSpan.FromMinutes(10);

    internal WusReadLimits ReadLimits => new(MaxDepth, MaxAttributes, MaxElements, MaxTextLength);
}
