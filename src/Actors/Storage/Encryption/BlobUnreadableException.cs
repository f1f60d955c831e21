namespace Digipoort.Actors.Storage.Encryption;

/// <summary>
/// Stored content that cannot be decrypted: tampered with, truncated, stored under another blob's
/// address, or encrypted with a key that is no longer in the key ring. An <see cref="IOException"/>, so
/// readers treat it like any other failure to read the content.
/// </summary>
public sealed class BlobUnreadableException(string message, Exception? inner = null) : IOException(message, inner);
