namespace Digipoort.LoadTest.Reporting;

/// <summary>A one-line chart of a series (e.g. messages per second): ▁ for the lowest to █ for the highest.</summary>
public static class Sparkline
{
    private const string Bars = "▁▂▃▄▅▆▇█";

    /// <param name="width">At most this many characters; longer series are averaged into that many buckets.</param>
    public static string Render(IReadOnlyList<long> values, int width = 60)
    {
        if (values.Count == 0) return "";
        var buckets = Bucket(values, width);
        var max = buckets.Max();
        if (max <= 0) return new string(Bars[0], buckets.Count);
        return string.Concat(buckets.Select(v => Bars[(int)Math.Round(v / max * (Bars.Length - 1), MidpointRounding.AwayFromZero)]));
    }

    private static List<double> Bucket(IReadOnlyList<long> values, int width)
    {
        if (values.Count <= width) return [.. values.Select(v => (double)v)];
        var size = (double)values.Count / width;
        return [.. Enumerable.Range(0, width).Select(b =>
        {
            var from = (int)(b * size);
            var to = Math.Max(from + 1, (int)((b + 1) * size));
            return values.Skip(from).Take(to - from).Average();
        })];
    }
}
