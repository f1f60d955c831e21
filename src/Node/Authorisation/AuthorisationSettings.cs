namespace Digipoort.Node.Authorisation;

/// <summary>
/// The authorisation matrix as configured: section <c>Digipoort:Authorisation</c>, or the file named by
/// <c>Digipoort:AuthorisationFile</c> (same shape at its root). Reloaded when it changes.
/// </summary>
public sealed class AuthorisationSettings
{
    /// <summary>By sender identity (the OIN of its certificate).</summary>
    public Dictionary<string, SenderSettings> Senders { get; set; } = new(StringComparer.Ordinal);
}

public sealed class SenderSettings
{
    /// <summary><c>Aanleveraar</c> (default) or <c>Intermediair</c>.</summary>
    public string Role { get; set; } = "Aanleveraar";

    /// <summary>Berichtsoorten the sender may submit itself; <c>*</c> for all.</summary>
    public string[] Berichtsoorten { get; set; } = [];

    /// <summary>For intermediaries: on whose behalf, for what, and when.</summary>
    public MandateSettings[] Mandates { get; set; } = [];
}

public sealed class MandateSettings
{
    /// <summary>The belanghebbende's identity number (identiteitBelanghebbende/nummer).</summary>
    public string? Belanghebbende { get; set; }

    /// <summary>Its type (e.g. <c>Fi</c>); any type when absent.</summary>
    public string? Type { get; set; }

    public string[] Berichtsoorten { get; set; } = [];
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
}
