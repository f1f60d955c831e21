namespace Digipoort.Actors.Domain;

/// <summary>
/// Who physically submitted a message: the OIN (or another registered identity number) of the
/// sender, from the subject serialNumber of its validated client certificate (development settings
/// may name one without a certificate; see the API's SenderIdentityResolver).
/// </summary>
public readonly record struct SenderIdentity
{
    public const int MaxLength = 35; // identiteitsnummerType

    public string Value { get; }

    private SenderIdentity(string value) => Value = value;

    public static bool TryCreate(string? value, out SenderIdentity identity)
    {
        identity = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var trimmed = value.Trim();
        if (trimmed.Length > MaxLength || trimmed.Any(char.IsControl)) return false;
        identity = new SenderIdentity(trimmed);
        return true;
    }

    public static SenderIdentity From(string value) =>
        TryCreate(value, out var identity) ? identity : throw new FormatException($"'{value}' is not a sender identity.");

    public override string ToString() => Value;
}
