using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus;

/// <summary>
/// A document that goes into a response as base64 without being held in memory: the response's DOM carries
/// <see cref="Placeholder"/> as the text of its <c>inhoud</c>, and the content is read from the blob store twice, once
/// into the Body's digest and once onto the wire. Base64 needs no escaping, so it stands for itself in the canonical form
/// and in the serialized envelope alike, which lets both be spliced around the placeholder.
/// </summary>
internal sealed record StreamedContent(string Placeholder, Func<Stream> Open)
{
    /// <summary>Read in multiples of 3 bytes, so that the base64 of the chunks joins into the base64 of the whole.</summary>
    private const int ChunkBytes = 48 * 1024;

    public static StreamedContent Of(Func<Stream> open) => new("streamed-" + Guid.NewGuid().ToString("N"), open);

    /// <summary>The digest of <paramref name="body"/>'s canonical form with each placeholder replaced by its content.</summary>
    public static async Task<byte[]> DigestAsync(XmlElement body, IReadOnlyList<StreamedContent> contents, HashAlgorithmName algorithm,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        await SpliceAsync(ExclusiveCanonicalization.Bytes(body), contents, chunk =>
        {
            hash.AppendData(chunk.Span);
            return ValueTask.CompletedTask;
        }, cancellationToken);
        return hash.GetHashAndReset();
    }

    /// <summary>Writes a serialized envelope with each placeholder replaced by its content.</summary>
    public static Task WriteAsync(byte[] envelope, IReadOnlyList<StreamedContent> contents, Stream output, CancellationToken cancellationToken) =>
        SpliceAsync(envelope, contents, chunk => output.WriteAsync(chunk, cancellationToken), cancellationToken);

    /// <param name="contents">In document order, as their placeholders appear in <paramref name="text"/>.</param>
    private static async Task SpliceAsync(byte[] text, IReadOnlyList<StreamedContent> contents, Func<ReadOnlyMemory<byte>, ValueTask> write,
        CancellationToken cancellationToken)
    {
        var at = 0;
        foreach (var content in contents)
        {
            var marker = Encoding.ASCII.GetBytes(content.Placeholder);
            var index = text.AsSpan(at).IndexOf(marker);
            if (index < 0) throw new InvalidOperationException("The response does not hold the placeholder of a streamed content.");
            await write(text.AsMemory(at, index));
            await WriteBase64Async(content, write, cancellationToken);
            at += index + marker.Length;
        }
        await write(text.AsMemory(at));
    }

    private static async Task WriteBase64Async(StreamedContent content, Func<ReadOnlyMemory<byte>, ValueTask> write, CancellationToken cancellationToken)
    {
        await using var stream = content.Open();
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var base64 = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(ChunkBytes));
        try
        {
            int read;
            while ((read = await stream.ReadAtLeastAsync(bytes.AsMemory(0, ChunkBytes), ChunkBytes, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                Base64.EncodeToUtf8(bytes.AsSpan(0, read), base64, out _, out var written);
                await write(base64.AsMemory(0, written));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<byte>.Shared.Return(base64);
        }
    }
}
