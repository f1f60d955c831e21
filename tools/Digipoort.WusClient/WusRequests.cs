using System.Xml.Linq;

namespace Digipoort.WusClient;

/// <summary>Request bodies of the koppelvlak, in schema order, with the defaults real clients send.</summary>
public static class WusRequests
{
    public static readonly XNamespace Kv = "http://logius.nl/digipoort/koppelvlakservices/1.2/";

    /// <summary>The placeholder every public client sends as autorisatieAdres ("no AuSP").</summary>
    public const string GeenAusp = "http://geenausp.nl";

    /// <summary>An aanleverRequest as wus-js builds it (type Fi, rol Bedrijf, autorisatieAdres http://geenausp.nl).</summary>
    public static XElement Aanleveren(string berichtsoort, string? aanleverkenmerk, string belanghebbendeNummer, byte[] inhoud,
        string belanghebbendeType = "Fi", string rol = "Bedrijf", string mimeType = "text/xml", string bestandsnaam = "bericht.xml",
        IEnumerable<(string MimeType, string Bestandsnaam, byte[] Inhoud)>? bijlagen = null)
    {
        var attachments = bijlagen?.ToList() ?? [];
        return new XElement(Kv + "aanleverRequest",
            new XElement(Kv + "berichtsoort", berichtsoort),
            aanleverkenmerk is null ? null : new XElement(Kv + "aanleverkenmerk", aanleverkenmerk),
            Identiteit("identiteitBelanghebbende", belanghebbendeNummer, belanghebbendeType),
            new XElement(Kv + "rolBelanghebbende", rol),
            Inhoud("berichtInhoud", mimeType, bestandsnaam, inhoud),
            attachments.Count == 0 ? null : new XElement(Kv + "berichtBijlagen", attachments.Select(a => Inhoud("bijlage", a.MimeType, a.Bestandsnaam, a.Inhoud))),
            new XElement(Kv + "autorisatieAdres", GeenAusp));
    }

    /// <summary>getStatussenProces / getNieuweStatussenProces / getBerichtenKenmerk / getNieuweBerichtenKenmerk: {kenmerk, autorisatieAdres}.</summary>
    public static XElement ByKenmerk(string operation, string kenmerk, DateTimeOffset? vanaf = null, DateTimeOffset? tot = null) =>
        new(Kv + (operation + "Request"),
            new XElement(Kv + "kenmerk", kenmerk),
            new XElement(Kv + "autorisatieAdres", GeenAusp),
            Period(vanaf, tot));

    /// <summary>getProcessen / getNieuweStatussen: {berichtsoort, identiteitBelanghebbende, autorisatieAdres}.</summary>
    public static XElement ByBerichtsoort(string operation, string berichtsoort, string nummer, string type = "Fi") =>
        new(Kv + (operation + "Request"),
            new XElement(Kv + "berichtsoort", berichtsoort),
            Identiteit("identiteitBelanghebbende", nummer, type),
            new XElement(Kv + "autorisatieAdres", GeenAusp));

    /// <summary>getBerichtsoorten: {identiteitBelanghebbende, autorisatieAdres}.</summary>
    public static XElement Berichtsoorten(string nummer, string type = "Fi") =>
        new(Kv + "getBerichtsoortenRequest", Identiteit("identiteitBelanghebbende", nummer, type), new XElement(Kv + "autorisatieAdres", GeenAusp));

    /// <summary>getBerichtenLijst / getNieuweBerichtenLijst: {berichtsoort?, autorisatieAdres}.</summary>
    public static XElement Lijst(string operation, string? berichtsoort = null) =>
        new(Kv + (operation + "Request"),
            berichtsoort is null ? null : new XElement(Kv + "berichtsoort", berichtsoort),
            new XElement(Kv + "autorisatieAdres", GeenAusp));

    /// <summary>getBerichten / getNieuweBerichten: {berichtsoort?, identiteitBelanghebbende, autorisatieAdres}.</summary>
    public static XElement Berichten(string operation, string nummer, string type = "Fi", string? berichtsoort = null) =>
        new(Kv + (operation + "Request"),
            berichtsoort is null ? null : new XElement(Kv + "berichtsoort", berichtsoort),
            Identiteit("identiteitBelanghebbende", nummer, type),
            new XElement(Kv + "autorisatieAdres", GeenAusp));

    private static XElement Identiteit(string name, string nummer, string type) =>
        new(Kv + name, new XElement(Kv + "nummer", nummer), new XElement(Kv + "type", type));

    private static XElement Inhoud(string name, string mimeType, string bestandsnaam, byte[] inhoud) =>
        new(Kv + name, new XElement(Kv + "mimeType", mimeType), new XElement(Kv + "bestandsnaam", bestandsnaam),
            new XElement(Kv + "inhoud", Convert.ToBase64String(inhoud)));

    private static IEnumerable<XElement> Period(DateTimeOffset? vanaf, DateTimeOffset? tot)
    {
        if (vanaf is { } from) yield return new XElement(Kv + "tijdstempelVanaf", from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        if (tot is { } to) yield return new XElement(Kv + "tijdstempelTot", to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
