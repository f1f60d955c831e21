namespace Digipoort.Actors.Domain;

/// <summary>berichtInhoudType without the bytes: mime type, file name and where the content is stored.</summary>
public sealed record Document(string MimeType, string Bestandsnaam, BlobRef Content)
{
    public const int MimeTypeMaxLength = 255;
    public const int BestandsnaamMaxLength = 80;
}
