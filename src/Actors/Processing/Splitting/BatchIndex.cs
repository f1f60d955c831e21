using System.Globalization;
using System.Text;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Splitting;

/// <summary>
/// The list of a batch's item documents in delivery order, stored as a blob of its own so that a batch
/// of any size is one small event. Fixed-width lines (content address, space, 19-digit length) keep it
/// readable by eye and let a reader skip to item <c>n</c> without parsing what comes before.
/// </summary>
public static class BatchIndex
{
    private const int AddressLength = 64;
    private const int LengthDigits = 19;
    public const int RecordLength = AddressLength + 1 + LengthDigits + 1;

    public static void Write(Stream output, IEnumerable<BlobRef> items)
    {
        Span<byte> record = stackalloc byte[RecordLength];
        foreach (var item in items)
        {
            var line = $"{item.Sha256} {item.Length.ToString("D19", CultureInfo.InvariantCulture)}\n";
            Encoding.ASCII.GetBytes(line, record);
            output.Write(record);
        }
    }

    /// <summary>Reads <paramref name="count"/> items from item <paramref name="from"/> on.</summary>
    public static async IAsyncEnumerable<(int Index, BlobRef Item)> ReadAsync(Stream index, int from, int count,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var record = new byte[RecordLength];
        // The blob store's streams are decrypting and forward-only: skipping means reading.
        var skip = (long)from * RecordLength;
        var scratch = new byte[64 * 1024];
        while (skip > 0)
        {
            var read = await index.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, skip)), ct);
            if (read == 0) throw new InvalidDataException($"The batch index ends before item {from}.");
            skip -= read;
        }
        for (var i = from; i < from + count; i++)
        {
            await index.ReadExactlyAsync(record, ct);
            yield return (i, Parse(record, i));
        }
    }

    private static BlobRef Parse(byte[] record, int index)
    {
        var line = Encoding.ASCII.GetString(record);
        var address = line[..AddressLength];
        if (!BlobRef.IsValidHash(address) || line[AddressLength] != ' ' || line[^1] != '\n'
            || !long.TryParse(line.AsSpan(AddressLength + 1, LengthDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            throw new InvalidDataException($"Record {index} of the batch index is damaged.");
        return new BlobRef(address, length);
    }
}
