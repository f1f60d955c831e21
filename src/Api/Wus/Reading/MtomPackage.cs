using Digipoort.Actors.Storage;

namespace Digipoort.Api.Wus.Reading;

/// <summary>
/// An MTOM request (SOAP 1.1 + XOP in multipart/related) with every MIME part already streamed into
/// blob staging: the root part (the envelope, <c>xop:Include</c> in place of each optimized <c>inhoud</c>)
/// and the binary parts by Content-ID. The envelope reader takes each binary part once, through the
/// <c>cid:</c> URL of its Include; whatever was not taken is checked against a small cap and discarded.
/// The binary parts are staged through the submission's staging, which discards what nobody committed; the package
/// owns only its root, which is read and then discarded when the package is disposed.
/// </summary>
internal sealed class MtomPackage : IAsyncDisposable
{
    private readonly Dictionary<string, StagedBlob> _parts = new(StringComparer.Ordinal);
    private readonly List<StagedBlob> _anonymous = [];
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private StagedBlob? _root;

    /// <summary>The root part: the SOAP envelope as the XOP package carries it.</summary>
    public StagedBlob Root => _root ?? throw new InvalidOperationException("The package has no root part.");

    public bool HasRoot => _root is not null;

    public int PartCount => _parts.Count + _anonymous.Count;

    public void SetRoot(StagedBlob root) => _root = root;

    /// <summary>Adds a binary part; one without a Content-ID can never be referenced.</summary>
    public void Add(string? contentId, StagedBlob blob)
    {
        if (contentId is null) _anonymous.Add(blob);
        else if (!_parts.TryAdd(contentId, blob))
            throw new WusProtocolException($"Two MIME parts have the Content-ID <{contentId}>.");
    }

    public bool Contains(string contentId) => _parts.ContainsKey(contentId);

    /// <summary>
    /// The part an <c>xop:Include href</c> names (RFC 2392 <c>cid:</c> URL: WCF writes the Content-ID as it is,
    /// others percent-encode it). A part may stand for one inhoud only.
    /// </summary>
    public StagedBlob Take(string href)
    {
        if (!href.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
            throw new WusProtocolException($"xop:Include href '{href}' is not a cid: URL.");
        var id = href[4..];
        if (!_parts.ContainsKey(id)) id = Uri.UnescapeDataString(id);
        if (!_parts.TryGetValue(id, out var blob))
            throw new WusProtocolException($"xop:Include refers to {href}, but no MIME part has that Content-ID.");
        if (!_taken.Add(id)) throw new WusProtocolException($"The MIME part <{id}> is referenced by more than one xop:Include.");
        return blob;
    }

    /// <summary>Refuses the package when more than <paramref name="max"/> binary parts were not referenced by the envelope.</summary>
    public void EnsureUnreferencedAtMost(int max)
    {
        var unreferenced = PartCount - _taken.Count;
        if (unreferenced > max)
            throw new WusProtocolException($"{unreferenced} MIME parts are not referenced by any xop:Include (at most {max} are tolerated).");
    }

    public async ValueTask DisposeAsync()
    {
        if (_root is not null) await _root.DisposeAsync();
    }
}
