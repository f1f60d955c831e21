using System.Globalization;
using System.Xml;
using Digipoort.Wus.Protocol;

namespace Digipoort.WusClient;

/// <summary>
/// Turns a signed envelope into MTOM the way WCF's MTOM encoder does: the signature was computed over
/// the envelope with base64 <c>inhoud</c> (the XOP-deserialized infoset), then every inhoud of more than
/// 767 bytes is replaced by <c>&lt;xop:Include href="cid:…"/&gt;</c> and its bytes travel as a binary MIME
/// part (Content-ID <c>http://tempuri.org/n/ticks</c>, Content-Transfer-Encoding binary, no Content-Type);
/// smaller ones stay inline, as WCF keeps them.
/// </summary>
public static class MtomEncoder
{
    /// <summary>WCF inlines binary data up to this many bytes (XmlMtomWriter).</summary>
    public const int WcfMaxInlinedBytes = 767;

    public const string RootContentId = "http://tempuri.org/0";

    public static MtomMessage Encode(XmlDocument signedEnvelope, int maxInlinedBytes = WcfMaxInlinedBytes)
    {
        var doc = (XmlDocument)signedEnvelope.CloneNode(deep: true);
        var ticks = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
        var binaries = new List<MtomPart>();
        foreach (var inhoud in doc.GetElementsByTagName("inhoud", WusNamespaces.Koppelvlak).OfType<XmlElement>().ToList())
        {
            var bytes = Convert.FromBase64String(inhoud.InnerText);
            if (bytes.Length <= maxInlinedBytes) continue;
            var contentId = $"http://tempuri.org/{binaries.Count + 1}/{ticks}";
            while (inhoud.FirstChild is { } child) inhoud.RemoveChild(child);
            var include = doc.CreateElement("xop", "Include", WusNamespaces.Xop);
            include.SetAttribute("href", "cid:" + contentId);
            inhoud.AppendChild(include);
            binaries.Add(new MtomPart(contentId, null, "binary", bytes));
        }
        var root = new MtomPart(RootContentId, "application/xop+xml;charset=utf-8;type=\"text/xml\"", "8bit", SoapEnvelope.Serialize(doc));
        return new MtomMessage($"uuid:{Guid.NewGuid()}+id=1", RootContentId, [root, .. binaries]);
    }
}
