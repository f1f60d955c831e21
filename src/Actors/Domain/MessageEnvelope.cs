namespace Digipoort.Actors.Domain;

/// <summary>
/// The envelope of a Digipoort <c>aanleverRequest</c>, with the payloads replaced by blob references.
/// </summary>
public sealed record MessageEnvelope(
    string Berichtsoort,
    string? Aanleverkenmerk,
    string? EerderAanleverkenmerk,
    Identiteit IdentiteitBelanghebbende,
    string RolBelanghebbende,
    Identiteit? IdentiteitOntvanger,
    string? RolOntvanger,
    Document BerichtInhoud,
    IReadOnlyList<Document> BerichtBijlagen,
    string? AutorisatieAdres)
{
    public const int BerichtsoortMaxLength = 80;
    public const int AanleverkenmerkMaxLength = 40;
    public const int RolMaxLength = 40;
    public const int AutorisatieAdresMaxLength = 255;
}
