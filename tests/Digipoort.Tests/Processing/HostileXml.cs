using System.Text;

namespace Digipoort.Tests.Processing;

/// <summary>Documents that attack XML parsers.</summary>
internal static class HostileXml
{
    /// <summary>An external entity pointing at a system file (XXE).</summary>
    public const string ExternalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
        <x>&e;</x>
        """;

    /// <summary>Nine levels of ten-fold entity expansion: about 3 GB of text from 1 KB (billion laughs).</summary>
    public static string BillionLaughs()
    {
        var dtd = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
            dtd.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        return $"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [{dtd}]>\n<lolz>&lol9;</lolz>";
    }

    /// <summary><paramref name="depth"/> nested elements named <paramref name="name"/> inside <paramref name="open"/>…<paramref name="close"/>.</summary>
    public static string Nested(int depth, string name = "a", string open = "", string close = "")
    {
        var builder = new StringBuilder(open);
        for (var i = 0; i < depth; i++) builder.Append('<').Append(name).Append('>');
        for (var i = 0; i < depth; i++) builder.Append("</").Append(name).Append('>');
        return builder.Append(close).ToString();
    }
}
