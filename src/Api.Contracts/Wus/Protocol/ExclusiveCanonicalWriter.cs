using System.Security.Cryptography;
using System.Text;

namespace Digipoort.Wus.Protocol;

/// <summary>An attribute as the parser saw it; namespace declarations have the xmlns namespace.</summary>
public readonly record struct XmlAttributeValue(string Prefix, string LocalName, string NamespaceUri, string Value);

/// <summary>
/// Exclusive XML canonicalization without comments (http://www.w3.org/2001/10/xml-exc-c14n#), written
/// as a stream of element/text events straight into a digest. The gateway feeds it from its streaming
/// envelope reader, so a 20 MiB base64 <c>inhoud</c> is digested as it arrives instead of being held in a
/// DOM and copied by <c>SignedXml</c>'s transforms (which clone the whole document per reference);
/// <see cref="ExclusiveCanonicalization"/> feeds it from a DOM. Tests pin its output to
/// System.Security.Cryptography.Xml's XmlDsigExcC14NTransform.
/// </summary>
public sealed class ExclusiveCanonicalWriter
{
    private readonly IncrementalHash? _hash;
    private readonly Stream? _copy;
    private readonly IReadOnlySet<string> _inclusivePrefixes;
    private readonly IReadOnlyDictionary<string, string> _context;
    private readonly List<Frame> _frames = [];
    private readonly byte[] _buffer = new byte[8192];
    private int _buffered;

    /// <param name="context">Namespace declarations in scope at the apex element (from its ancestors).</param>
    /// <param name="inclusivePrefixes">The InclusiveNamespaces PrefixList ("" stands for #default).</param>
    public ExclusiveCanonicalWriter(IncrementalHash? hash, Stream? copy, IReadOnlyDictionary<string, string> context,
        IReadOnlySet<string> inclusivePrefixes)
    {
        _hash = hash;
        _copy = copy;
        _context = context;
        _inclusivePrefixes = inclusivePrefixes;
    }

    public int Depth => _frames.Count;

    public void StartElement(string prefix, string localName, string namespaceUri, IReadOnlyList<XmlAttributeValue> attributes)
    {
        var frame = new Frame(QualifiedName(prefix, localName));
        foreach (var a in attributes)
            if (a.NamespaceUri == WusNamespaces.Xmlns)
                frame.Declared[a.Prefix.Length == 0 && a.LocalName == "xmlns" ? "" : a.LocalName] = a.Value;

        // Visibly utilised: the element's own prefix and its attributes' prefixes, bound to the namespaces
        // the element and attributes actually have; the PrefixList adds prefixes with inclusive rules.
        var candidates = new Dictionary<string, string>(StringComparer.Ordinal) { [prefix] = namespaceUri };
        foreach (var a in attributes)
            if (a.NamespaceUri != WusNamespaces.Xmlns && a.Prefix.Length > 0) candidates[a.Prefix] = a.NamespaceUri;
        foreach (var p in _inclusivePrefixes)
            if (!candidates.ContainsKey(p) && InScope(p, frame) is { } uri) candidates[p] = uri;
        candidates.Remove("xml");

        foreach (var (p, uri) in candidates)
            if (Rendered(p) != uri) frame.Rendered[p] = uri;
        _frames.Add(frame);

        Write('<');
        Write(frame.Name);
        foreach (var (p, uri) in frame.Rendered.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Write(p.Length == 0 ? " xmlns=\"" : " xmlns:");
            if (p.Length > 0)
            {
                Write(p);
                Write("=\"");
            }
            WriteEscaped(uri, attribute: true);
            Write('"');
        }
        foreach (var a in attributes.Where(a => a.NamespaceUri != WusNamespaces.Xmlns)
                     .OrderBy(a => a.NamespaceUri, StringComparer.Ordinal).ThenBy(a => a.LocalName, StringComparer.Ordinal))
        {
            Write(' ');
            Write(QualifiedName(a.Prefix, a.LocalName));
            Write("=\"");
            WriteEscaped(a.Value, attribute: true);
            Write('"');
        }
        Write('>');
    }

    public void Text(ReadOnlySpan<char> text) => WriteEscaped(text, attribute: false);

    public void EndElement()
    {
        var frame = _frames[^1];
        _frames.RemoveAt(_frames.Count - 1);
        Write("</");
        Write(frame.Name);
        Write('>');
    }

    /// <summary>Writes out what is buffered; call once the apex element has ended.</summary>
    public void Flush()
    {
        if (_buffered == 0) return;
        _hash?.AppendData(_buffer, 0, _buffered);
        _copy?.Write(_buffer, 0, _buffered);
        _buffered = 0;
    }

    private string? InScope(string prefix, Frame current)
    {
        if (current.Declared.TryGetValue(prefix, out var own)) return own;
        for (var i = _frames.Count - 1; i >= 0; i--)
            if (_frames[i].Declared.TryGetValue(prefix, out var uri)) return uri;
        return _context.TryGetValue(prefix, out var inherited) ? inherited : null;
    }

    private string Rendered(string prefix)
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
            if (_frames[i].Rendered.TryGetValue(prefix, out var uri)) return uri;
        return prefix.Length == 0 ? "" : "\0"; // nothing rendered: only the empty default is implied
    }

    private static string QualifiedName(string prefix, string localName) => prefix.Length == 0 ? localName : prefix + ":" + localName;

    private void WriteEscaped(ReadOnlySpan<char> text, bool attribute)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' when !attribute => "&gt;",
                '"' when attribute => "&quot;",
                '\t' when attribute => "&#x9;",
                '\n' when attribute => "&#xA;",
                '\r' => "&#xD;",
                _ => null,
            };
            if (replacement is null) continue;
            Write(text[start..i]);
            Write(replacement);
            start = i + 1;
        }
        Write(text[start..]);
    }

    private void Write(char c)
    {
        Span<char> one = [c];
        Write(one);
    }

    private void Write(ReadOnlySpan<char> text)
    {
        while (text.Length > 0)
        {
            // At most a quarter of the buffer per step, so that any UTF-8 expansion (≤ 3 bytes per char) fits.
            var take = Math.Min(text.Length, (_buffer.Length - _buffered) / 3);
            if (take == 0)
            {
                Flush();
                continue;
            }
            if (take < text.Length && char.IsHighSurrogate(text[take - 1])) take--; // never split a surrogate pair
            if (take == 0)
            {
                Flush();
                take = Math.Min(text.Length, _buffer.Length / 3);
            }
            _buffered += Encoding.UTF8.GetBytes(text[..take], _buffer.AsSpan(_buffered));
            text = text[take..];
        }
    }

    private sealed class Frame(string name)
    {
        public string Name { get; } = name;
        public Dictionary<string, string> Declared { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Rendered { get; } = new(StringComparer.Ordinal);
    }
}
