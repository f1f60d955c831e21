using System.Text;

namespace Digipoort.WusClient;

/// <summary>One MIME part of an MTOM request; <see cref="ContentType"/> null writes no Content-Type header (as WCF does for binary parts).</summary>
public sealed record MtomPart(string ContentId, string? ContentType, string TransferEncoding, byte[] Content);

/// <summary>
/// An MTOM request (SOAP 1.1 + XOP in multipart/related) laid out as WCF's MTOM encoder writes it: the
/// root part (the envelope, Content-ID <c>&lt;http://tempuri.org/0&gt;</c>) first, then one binary part per
/// optimized inhoud. Everything can be changed before it is sent, which is how tests build broken ones.
/// </summary>
public sealed class MtomMessage(string boundary, string rootContentId, List<MtomPart> parts)
{
    public string Boundary { get; } = boundary;

    /// <summary>The HTTP Content-Type: multipart/related with type, boundary, start and start-info.</summary>
    public string ContentType { get; set; } =
        $"multipart/related;type=\"application/xop+xml\";boundary=\"{boundary}\";start=\"<{rootContentId}>\";start-info=\"text/xml\"";

    /// <summary>The parts in the order they are sent; the root is the one whose Content-ID <c>start</c> names.</summary>
    public List<MtomPart> Parts { get; } = parts;

    /// <summary>The root part's envelope as text (UTF-8), to read or replace.</summary>
    public string RootXml
    {
        get => Encoding.UTF8.GetString(RootPart.Content);
        set => Parts[Parts.IndexOf(RootPart)] = RootPart with { Content = Encoding.UTF8.GetBytes(value) };
    }

    private MtomPart RootPart => Parts.Single(p => p.ContentId == rootContentId);

    /// <summary>The request body: each part with its headers between boundary lines (CRLF, RFC 2046).</summary>
    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        foreach (var part in Parts)
        {
            var headers = new StringBuilder($"--{Boundary}\r\nContent-ID: <{part.ContentId}>\r\nContent-Transfer-Encoding: {part.TransferEncoding}\r\n");
            if (part.ContentType is not null) headers.Append($"Content-Type: {part.ContentType}\r\n");
            output.Write(Encoding.ASCII.GetBytes(headers.Append("\r\n").ToString()));
            output.Write(part.Content);
            output.Write("\r\n"u8);
        }
        output.Write(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"));
        return output.ToArray();
    }
}
