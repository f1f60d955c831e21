using Digipoort.LoadTest.Catalogue;

namespace Digipoort.LoadTest.Generation;

/// <summary>
/// Decides, for each position in the run, which berichtsoort, valid or invalid sample and size the message
/// gets. The decision is a pure function of (seed, sequence), so a run can be repeated exactly and any
/// number of senders can draw messages concurrently without sharing a random generator.
/// </summary>
public sealed class MessageGenerator
{
    /// <summary>Sender-chosen reference; the koppelvlak allows at most 40 characters.</summary>
    public const int AanleverkenmerkMaxLength = 40;

    private readonly IReadOnlyList<(IReadOnlyList<DocumentVariant> Valid, IReadOnlyList<DocumentVariant> Invalid)> _types;
    private readonly double _invalidShare;
    private readonly ulong _seed;
    private readonly string _runId;

    /// <param name="sizes">Document sizes in bytes, drawn with equal weight; a sample larger than a size is sent as it is.</param>
    /// <param name="invalidShare">Share (0–1) of messages that carry an invalid sample, where the berichtsoort has one.</param>
    /// <param name="runId">Part of every aanleverkenmerk: kenmerken derive from (sender, aanleverkenmerk), so runs must not collide.</param>
    public MessageGenerator(SampleCatalogue catalogue, IReadOnlyList<int> sizes, double invalidShare, int seed, string runId)
    {
        if (sizes.Count == 0) throw new ArgumentException("At least one size is needed.", nameof(sizes));
        _types = [.. catalogue.Types.Select(t => (Variants(t.Valid, sizes), Variants(t.Invalid, sizes)))];
        _invalidShare = invalidShare;
        _seed = (ulong)seed;
        _runId = runId;
    }

    public OutgoingMessage Create(long sequence)
    {
        var (valid, invalid) = _types[(int)(Draw(sequence, 1) % (ulong)_types.Count)];
        var useInvalid = invalid.Count > 0 && Fraction(Draw(sequence, 2)) < _invalidShare;
        var pool = useInvalid ? invalid : valid;
        var variant = pool[(int)(Draw(sequence, 3) % (ulong)pool.Count)];
        return new OutgoingMessage(sequence, Aanleverkenmerk(sequence), variant);
    }

    /// <summary>e.g. <c>lt-1a2b3c4d-000000042</c>: unique per run and position, well within 40 characters.</summary>
    public string Aanleverkenmerk(long sequence) => $"lt-{_runId}-{sequence:D9}";

    private static List<DocumentVariant> Variants(IReadOnlyList<CatalogueSample> samples, IReadOnlyList<int> sizes) =>
        [.. samples.SelectMany(s => sizes.Select(size =>
            new DocumentVariant(s.Berichtsoort, s.FileName, s.ExpectValid, DocumentPadding.Pad(s.Content, size))))];

    /// <summary>SplitMix64 over (seed, sequence, stream): independent, well-mixed draws without shared state.</summary>
    private ulong Draw(long sequence, ulong stream)
    {
        var z = _seed + ((ulong)sequence * 0x9E3779B97F4A7C15UL) + (stream * 0xD1B54A32D192ED03UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static double Fraction(ulong value) => (value >> 11) * (1.0 / (1UL << 53));
}
