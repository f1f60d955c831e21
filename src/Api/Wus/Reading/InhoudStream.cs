using System.Xml;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus.Reading;

/// <summary>
/// The decoded bytes of one base64 <c>inhoud</c>, pulled straight from the envelope's reader by whoever
/// stages them: each chunk of characters also goes into the Body's canonical digest, then is decoded.
/// Starts with the reader on the first node inside inhoud; ends (returns 0) on inhoud's end tag and
/// leaves the reader there. Whitespace in the base64 is allowed
/// (xsd:base64Binary); anything else that is not base64 is refused.
/// </summary>
internal sealed class InhoudStream(XmlReader reader, ExclusiveCanonicalWriter? canonical) : AsyncReadOnlyStream
{
    private readonly char[] _chars = new char[16 * 1024];
    private readonly char[] _quads = new char[(16 * 1024) + 4];
    private readonly byte[] _decoded = new byte[(16 * 1024) + 4];
    private int _quadCount;
    private int _decodedOffset;
    private int _decodedCount;
    private bool _ended;
    private bool _padded;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_decodedCount == _decodedOffset)
        {
            if (_ended) return 0;
            await FillAsync();
        }
        var count = Math.Min(buffer.Length, _decodedCount - _decodedOffset);
        _decoded.AsMemory(_decodedOffset, count).CopyTo(buffer);
        _decodedOffset += count;
        return count;
    }

    private async Task FillAsync()
    {
        while (true)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    var read = await reader.ReadValueChunkAsync(_chars, 0, _chars.Length);
                    if (read == 0)
                    {
                        if (!await reader.ReadAsync()) throw new WusProtocolException("The SOAP envelope is incomplete.");
                        continue;
                    }
                    canonical?.Text(_chars.AsSpan(0, read));
                    Decode(_chars.AsSpan(0, read));
                    return;
                case XmlNodeType.EndElement:
                    if (_quadCount != 0) throw new WusProtocolException("inhoud is not valid base64 (its length is not a multiple of 4).");
                    _ended = true;
                    return;
                case XmlNodeType.Element:
                    throw new WusProtocolException("inhoud must hold base64 text (or, in an MTOM request, be exactly one xop:Include).");
                default:
                    throw new WusProtocolException($"Unexpected {reader.NodeType} in inhoud.");
            }
        }
    }

    private void Decode(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            if (c is ' ' or '\t' or '\n' or '\r') continue;
            if (_padded) throw new WusProtocolException("inhoud is not valid base64 (data after padding).");
            _quads[_quadCount++] = c;
        }
        var whole = _quadCount / 4 * 4;
        if (whole == 0)
        {
            _decodedOffset = _decodedCount = 0;
            return;
        }
        if (!Convert.TryFromBase64Chars(_quads.AsSpan(0, whole), _decoded, out var written))
            throw new WusProtocolException("inhoud is not valid base64.");
        _padded = _quads[whole - 1] == '=';
        _quads.AsSpan(whole, _quadCount - whole).CopyTo(_quads);
        _quadCount -= whole;
        _decodedOffset = 0;
        _decodedCount = written;
    }
}
