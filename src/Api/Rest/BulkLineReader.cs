using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Digipoort.Api.Rest;

/// <summary>One line of a bulk request: its bytes (without the line end), or null when it was longer than allowed.</summary>
internal sealed record BulkLine(int Number, byte[]? Bytes)
{
    public bool TooLong => Bytes is null;
}

/// <summary>
/// Splits a request body into lines as it arrives. Only as much of the body is read as the consumer
/// asks for (the next line is looked for when the enumerator is advanced), so a consumer that waits
/// for room before taking the next line makes the client wait too. A line over the limit is skipped
/// up to its end without being held and reported as too long; blank lines are skipped but counted.
/// </summary>
internal static class BulkLineReader
{
    private const byte LineFeed = (byte)'\n';

    public static async IAsyncEnumerable<BulkLine> ReadAsync(PipeReader body, long maxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        var skipping = false; // inside a line that is already known to be too long
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            var lines = new List<BulkLine>();
            while (buffer.PositionOf(LineFeed) is { } end)
            {
                number++;
                var line = buffer.Slice(0, end);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                if (skipping)
                {
                    skipping = false;
                    lines.Add(new BulkLine(number, null));
                }
                else if (line.Length > maxLineBytes)
                {
                    lines.Add(new BulkLine(number, null));
                }
                else if (Content(line) is { } bytes)
                {
                    lines.Add(new BulkLine(number, bytes));
                }
            }

            if (!skipping && buffer.Length > maxLineBytes)
            {
                // No line end within the limit: drop what is here and the rest of this line as it comes.
                skipping = true;
                buffer = buffer.Slice(buffer.End);
            }
            else if (skipping)
            {
                buffer = buffer.Slice(buffer.End);
            }

            if (read.IsCompleted && (skipping || buffer.Length > 0))
            {
                // The last line has no line end.
                number++;
                if (skipping) lines.Add(new BulkLine(number, null));
                else if (Content(buffer) is { } last) lines.Add(new BulkLine(number, last));
                buffer = buffer.Slice(buffer.End);
                skipping = false;
            }
            body.AdvanceTo(buffer.Start, buffer.End);

            foreach (var line in lines) yield return line;
            if (read.IsCompleted) yield break;
        }
    }

    /// <summary>The line's bytes without a trailing CR; null for a blank line.</summary>
    private static byte[]? Content(ReadOnlySequence<byte> line)
    {
        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r') line = line.Slice(0, line.Length - 1);
        var bytes = line.ToArray();
        return bytes.AsSpan().Trim(" \t"u8).IsEmpty ? null : bytes;
    }
}
