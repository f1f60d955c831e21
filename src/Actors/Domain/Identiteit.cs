namespace Digipoort.Actors.Domain;

/// <summary>identiteitType: an identity number and its kind (e.g. <c>Fi</c>, <c>BTW</c>, <c>OIN</c>, <c>LHnr</c>).</summary>
public sealed record Identiteit(string Nummer, string Type)
{
    public const int NummerMaxLength = 35;
    public const int TypeMaxLength = 20;
}
