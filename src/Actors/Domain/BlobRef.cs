namespace Digipoort.Actors.Domain;

/// <summary>
/// A reference to content in the content-addressed blob store: the lowercase hex SHA-256 of the
/// bytes and their length. Events carry these, never the bytes themselves.
/// </summary>
public sealed record BlobRef(string Sha256, long Length)
{
    public static bool IsValidHash(string? hash) =>
        hash is { Length: 64 } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
