namespace Digipoort.Actors.Domain;

/// <summary>
/// A reference to content in the content-addressed blob store: the keyed content address of the
/// bytes (HMAC-SHA256 under the store's address key, 64 lowercase hex digits) and their length.
/// Events carry these, never the bytes themselves. <see cref="Sha256"/> keeps its name for the
/// journal's sake; it is not the plain SHA-256 of the content, which is never stored.
/// </summary>
public sealed record BlobRef(string Sha256, long Length)
{
    public static bool IsValidHash(string? hash) =>
        hash is { Length: 64 } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
