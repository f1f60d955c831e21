using System.Text;

namespace Digipoort.LoadTest.Catalogue;

/// <summary>
/// Makes a sample document as large as asked while keeping it exactly as valid (or invalid) as it was:
/// the padding is one XML comment just before the root element's closing tag. Comments are allowed
/// anywhere in element content, schema validation and XPath-based rules over elements ignore them, and
/// the gateway still has to read, store, validate and deliver every byte.
/// </summary>
public static class DocumentPadding
{
    private const string CommentOpen = "<!-- ";
    private const string CommentClose = " -->\n";
    private const string Filler = "load test padding ";

    /// <summary>The document padded to <paramref name="targetBytes"/> (UTF-8); never smaller than the sample itself.</summary>
    public static byte[] Pad(byte[] document, int targetBytes)
    {
        var room = targetBytes - document.Length - CommentOpen.Length - CommentClose.Length;
        if (room <= 0) return document;
        var closing = ClosingTagOfRoot(document);

        var padded = new byte[document.Length + CommentOpen.Length + room + CommentClose.Length];
        var at = 0;
        Append(document.AsSpan(0, closing));
        Append(Encoding.ASCII.GetBytes(CommentOpen));
        var filler = Encoding.ASCII.GetBytes(Filler);
        // "--" cannot occur (the filler has no '-'), and the trailing space keeps "-->" away from the text.
        for (var left = room; left > 0; left -= filler.Length) Append(filler.AsSpan(0, Math.Min(filler.Length, left)));
        Append(Encoding.ASCII.GetBytes(CommentClose));
        Append(document.AsSpan(closing));
        return padded;

        void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(padded.AsSpan(at));
            at += bytes.Length;
        }
    }

    /// <summary>Where the last end tag (the root's) starts; anything after it is only whitespace or comments.</summary>
    private static int ClosingTagOfRoot(byte[] document)
    {
        var at = document.AsSpan().LastIndexOf("</"u8);
        return at >= 0 ? at : throw new Machine.LoadTestException("A sample document has no closing tag to pad before.");
    }
}
