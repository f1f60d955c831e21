using Digipoort.Actors.Domain;

namespace Digipoort.Api.Ingress;

/// <summary>
/// The koppelvlak's rules for envelope fields: every string is an <c>xsd:normalizedString</c> with
/// whitespace collapsed and a maximum length; required fields must be non-empty. Pure: returns the
/// checked envelope or the list of violations.
/// </summary>
public static class EnvelopeRules
{
    public static (CheckedEnvelope? Envelope, IReadOnlyList<string> Errors) Check(EnvelopeFields f)
    {
        var errors = new List<string>();
        var berichtsoort = Required(f.Berichtsoort, "berichtsoort", MessageEnvelope.BerichtsoortMaxLength, errors);
        var aanleverkenmerk = Optional(f.Aanleverkenmerk, "aanleverkenmerk", MessageEnvelope.AanleverkenmerkMaxLength, errors);
        var eerder = Optional(f.EerderAanleverkenmerk, "eerderAanleverkenmerk", MessageEnvelope.AanleverkenmerkMaxLength, errors);
        var nummer = Required(f.BelanghebbendeNummer, "identiteitBelanghebbende.nummer", Identiteit.NummerMaxLength, errors);
        var type = Required(f.BelanghebbendeType, "identiteitBelanghebbende.type", Identiteit.TypeMaxLength, errors);
        var rol = Required(f.RolBelanghebbende, "rolBelanghebbende", MessageEnvelope.RolMaxLength, errors);
        var ontvangerNummer = Optional(f.OntvangerNummer, "identiteitOntvanger.nummer", Identiteit.NummerMaxLength, errors);
        var ontvangerType = Optional(f.OntvangerType, "identiteitOntvanger.type", Identiteit.TypeMaxLength, errors);
        var rolOntvanger = Optional(f.RolOntvanger, "rolOntvanger", MessageEnvelope.RolMaxLength, errors);
        var autorisatieAdres = Optional(f.AutorisatieAdres, "autorisatieAdres", MessageEnvelope.AutorisatieAdresMaxLength, errors);

        if ((ontvangerNummer is null) != (ontvangerType is null))
            errors.Add("identiteitOntvanger needs both nummer and type.");
        if (autorisatieAdres is not null && !Uri.TryCreate(autorisatieAdres, UriKind.Absolute, out _))
            errors.Add("autorisatieAdres must be an absolute URI.");

        if (errors.Count > 0) return (null, errors);
        return (new CheckedEnvelope(berichtsoort!, aanleverkenmerk, eerder, new Identiteit(nummer!, type!), rol!,
            ontvangerNummer is null ? null : new Identiteit(ontvangerNummer, ontvangerType!), rolOntvanger, autorisatieAdres), errors);
    }

    public static (string? MimeType, string? Bestandsnaam, IReadOnlyList<string> Errors) CheckDocument(DocumentFields d, string name)
    {
        var errors = new List<string>();
        var mime = Required(d.MimeType, name + ".mimeType", Document.MimeTypeMaxLength, errors);
        var file = Required(d.Bestandsnaam, name + ".bestandsnaam", Document.BestandsnaamMaxLength, errors);
        return (mime, file, errors);
    }

    /// <summary>Whether a mime type announces an XML document (text/xml, application/xml, …+xml).</summary>
    public static bool IsXml(string mimeType)
    {
        var media = mimeType.Split(';', 2)[0].Trim();
        return media.Equals("text/xml", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);
    }

    private static string? Required(string? value, string name, int maxLength, List<string> errors)
    {
        var normalised = Optional(value, name, maxLength, errors);
        if (normalised is null && !errors.Exists(e => e.StartsWith(name + " ", StringComparison.Ordinal)))
            errors.Add($"{name} is required.");
        return normalised;
    }

    private static string? Optional(string? value, string name, int maxLength, List<string> errors)
    {
        if (value is null) return null;
        if (value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
        {
            errors.Add($"{name} contains control characters.");
            return null;
        }
        var collapsed = string.Join(' ', value.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length == 0) return null;
        if (collapsed.Length > maxLength)
        {
            errors.Add($"{name} is longer than {maxLength} characters.");
            return null;
        }
        return collapsed;
    }
}
