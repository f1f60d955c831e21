using System.Security.Cryptography;

namespace Digipoort.Actors.Storage.Encryption;

/// <summary>
/// The keys of the encrypted blob store: 256-bit content keys by short id, one of them current for new
/// writes and all of them kept for reading blobs written earlier; and the address key, the HMAC key of
/// the keyed content address. The address key is not rotated with the content keys: a new address key
/// gives the same content a new address, so deduplication across the change is lost (reading still
/// works, as every reference carries its address).
/// </summary>
public sealed class BlobKeyRing
{
    public const int KeySize = 32;
    public const int MaxKeyIdLength = 32;

    private readonly Dictionary<string, byte[]> _keys;

    public BlobKeyRing(byte[] addressKey, string currentKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(addressKey);
        ArgumentNullException.ThrowIfNull(keys);
        if (addressKey.Length != KeySize)
            throw new ArgumentException($"The address key must be {KeySize * 8} bits.", nameof(addressKey));
        foreach (var (id, key) in keys)
        {
            if (!IsValidKeyId(id))
                throw new ArgumentException($"Key id '{id}' is not 1–{MaxKeyIdLength} characters of a–z, A–Z, 0–9, '-', '_' or '.'.", nameof(keys));
            if (key is not { Length: KeySize })
                throw new ArgumentException($"Key '{id}' must be {KeySize * 8} bits.", nameof(keys));
        }
        if (!keys.ContainsKey(currentKeyId))
            throw new ArgumentException($"The current key '{currentKeyId}' is not among the keys.", nameof(currentKeyId));

        AddressKey = addressKey.ToArray();
        CurrentKeyId = currentKeyId;
        _keys = keys.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    public byte[] AddressKey { get; }

    /// <summary>The key new blobs are encrypted with.</summary>
    public string CurrentKeyId { get; }

    public byte[] CurrentKey => _keys[CurrentKeyId];

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public IReadOnlyDictionary<string, byte[]> Keys => _keys;

    public bool TryGetKey(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    /// <summary>A ring with one fresh content key (<c>k1</c>) and a fresh address key.</summary>
    public static BlobKeyRing Generate() =>
        new(RandomNumberGenerator.GetBytes(KeySize), "k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(KeySize) });

    /// <summary>
    /// This ring plus a fresh content key that becomes current; the id is the next free <c>k&lt;n&gt;</c>.
    /// The address key stays, so existing addresses and deduplication stay valid.
    /// </summary>
    public BlobKeyRing WithNewCurrentKey()
    {
        var next = _keys.Keys.Select(id => id.Length > 1 && id[0] == 'k' && int.TryParse(id.AsSpan(1), out var n) ? n : 0)
            .DefaultIfEmpty(0).Max() + 1;
        var id = $"k{next}";
        return new BlobKeyRing(AddressKey, id, new Dictionary<string, byte[]>(_keys) { [id] = RandomNumberGenerator.GetBytes(KeySize) });
    }

    /// <summary>This ring without <paramref name="keyId"/>, which must not be the current key.</summary>
    public BlobKeyRing Without(string keyId)
    {
        if (keyId == CurrentKeyId)
            throw new InvalidOperationException($"Key '{keyId}' is the current key and cannot be retired.");
        var keys = new Dictionary<string, byte[]>(_keys);
        keys.Remove(keyId);
        return new BlobKeyRing(AddressKey, CurrentKeyId, keys);
    }

    /// <summary>Key ids go into every blob's header as ASCII; keep them short and plain.</summary>
    public static bool IsValidKeyId(string? id) =>
        id is { Length: > 0 and <= MaxKeyIdLength } && id.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.');
}
