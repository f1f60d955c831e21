using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Digipoort.Api.Wus;
using Digipoort.Wus.Protocol;

namespace Digipoort.Tests.Wus;

/// <summary>
/// A document streamed into a signed response (Ophaal) must give exactly the bytes and the Body digest of the same
/// response built with the base64 in the DOM, across read chunks that do not end on a multiple of 3.
/// </summary>
public class StreamedContentTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(48 * 1024 + 2)]
    [InlineData(300_001)]
    public async Task A_streamed_document_is_spliced_into_the_envelope_and_its_digest_as_if_it_were_in_the_DOM(int length)
    {
        var document = RandomNumberGenerator.GetBytes(length);
        var first = StreamedContent.Of(() => new TrickleStream(document));
        var second = StreamedContent.Of(() => new TrickleStream(document));

        var streamed = Envelope(first.Placeholder, second.Placeholder);
        var whole = Envelope(Convert.ToBase64String(document), Convert.ToBase64String(document));

        var digest = await StreamedContent.DigestAsync(SoapEnvelope.Body(streamed), [first, second], HashAlgorithmName.SHA256, default);
        using var output = new MemoryStream();
        await StreamedContent.WriteAsync(SoapEnvelope.Serialize(streamed), [first, second], output, default);

        Assert.Equal(ExclusiveCanonicalization.Digest(SoapEnvelope.Body(whole), HashAlgorithmName.SHA256), digest);
        Assert.Equal(Encoding.UTF8.GetString(SoapEnvelope.Serialize(whole)), Encoding.UTF8.GetString(output.ToArray()));
    }

    private static XmlDocument Envelope(string firstInhoud, string secondInhoud) =>
        SoapEnvelope.Create(new AddressingHeaders("urn:action", "urn:uuid:1", WusNamespaces.Anonymous),
            new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("r", WusNamespaces.Koppelvlak),
                new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("inhoud", WusNamespaces.Koppelvlak), firstInhoud),
                new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("inhoud", WusNamespaces.Koppelvlak), secondInhoud)));

    /// <summary>Hands out at most 1000 bytes per read, as a decrypting blob stream may.</summary>
    private sealed class TrickleStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1000));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
    }
}
