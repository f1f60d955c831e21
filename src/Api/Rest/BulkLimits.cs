namespace Digipoort.Api.Rest;

/// <summary>
/// Bounds of one bulk request. Memory per request stays bounded by <see cref="Window"/> lines being
/// decoded at once (each at most <see cref="MaxLineBytes"/>) plus the answer lines not yet sent
/// (at most <see cref="MaxLines"/> small results); the body itself is never held whole.
/// </summary>
/// <param name="MaxLines">Lines read per request; the rest is not read and the summary says so.</param>
/// <param name="Window">Lines of one request between reading and their durable acceptance at once.</param>
/// <param name="OverloadPatience">How long a line waits (in steps of the admission's Retry-After) for room in a full admission queue before it is refused with ALS150.</param>
public sealed record BulkLimits(int MaxLines, int Window, TimeSpan OverloadPatience)
{
    public static readonly BulkLimits Default = new(MaxLines: 1000, Window: 16, OverloadPatience: TimeSpan.FromSeconds(30));

    /// <summary>
    /// The longest line: a document at the content limit as base64 (4 characters per 3 bytes) plus 1 MiB
    /// for the envelope and attachments' overhead. A longer line is refused (ALS140) without being held.
    /// </summary>
    public static long MaxLineBytes(long maxContentBytes) => (maxContentBytes + 2) / 3 * 4 + 1024 * 1024;
}
