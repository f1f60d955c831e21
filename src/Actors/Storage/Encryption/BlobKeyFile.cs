using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Digipoort.Actors.Storage.Encryption;

/// <summary>
/// The key ring as a JSON file, by default <c>&lt;data&gt;/keys/blob-keys.json</c>, owner-only (0600 in
/// a 0700 folder):
/// <code>
/// { "version": 1, "addressKey": "&lt;base64, 32 bytes&gt;", "currentKeyId": "k2",
///   "keys": [ { "id": "k1", "key": "&lt;base64, 32 bytes&gt;", "created": "2026-…Z" }, … ] }
/// </code>
/// Saving writes a new file and renames it over the old one, so a crash never leaves half a ring.
/// </summary>
public static class BlobKeyFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Keeps base64's '+' readable for an operator copying a key; the file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static BlobKeyRing Load(string path)
    {
        var document = JsonSerializer.Deserialize<KeyFileDocument>(File.ReadAllBytes(path), Json)
            ?? throw new InvalidDataException($"Key file {path} is empty.");
        if (document.Version != 1 || document.AddressKey is null || document.CurrentKeyId is null || document.Keys is null)
            throw new InvalidDataException($"Key file {path} is not a version 1 key file.");
        try
        {
            return new BlobKeyRing(Convert.FromBase64String(document.AddressKey), document.CurrentKeyId,
                document.Keys.ToDictionary(k => k.Id ?? "", k => Convert.FromBase64String(k.Key ?? ""), StringComparer.Ordinal));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidDataException($"Key file {path} is invalid: {e.Message}", e);
        }
    }

    /// <summary>Loads the ring at <paramref name="path"/>, first creating it with fresh keys if there is none.</summary>
    public static BlobKeyRing LoadOrCreate(string path, TimeProvider time)
    {
        if (File.Exists(path))
            return Load(path);
        var ring = BlobKeyRing.Generate();
        Save(path, ring, previous: null, time);
        return ring;
    }

    /// <summary>Writes <paramref name="ring"/>; keys already in <paramref name="previous"/> keep their creation time.</summary>
    public static void Save(string path, BlobKeyRing ring, BlobKeyRing? previous, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(time);
        var created = previous is null || !File.Exists(path) ? [] : CreationTimes(path);
        var document = new KeyFileDocument
        {
            Version = 1,
            AddressKey = Convert.ToBase64String(ring.AddressKey),
            CurrentKeyId = ring.CurrentKeyId,
            Keys = ring.Keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new KeyEntry
            {
                Id = k.Key,
                Key = Convert.ToBase64String(k.Value),
                Created = created.TryGetValue(k.Key, out var at) ? at : time.GetUtcNow(),
            }).ToList(),
        };

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        OwnerOnlyFiles.CreateDirectory(folder);
        var temporary = path + ".new";
        OwnerOnlyFiles.TryDelete(temporary);
        using (var file = new FileStream(temporary, OwnerOnlyFiles.CreateNew()))
        {
            JsonSerializer.Serialize(file, document, Json);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static Dictionary<string, DateTimeOffset?> CreationTimes(string path) =>
        (JsonSerializer.Deserialize<KeyFileDocument>(File.ReadAllBytes(path), Json)?.Keys ?? [])
        .Where(k => k.Id is not null).ToDictionary(k => k.Id!, k => k.Created, StringComparer.Ordinal);

    private sealed class KeyFileDocument
    {
        public int Version { get; set; }
        public string? AddressKey { get; set; }
        public string? CurrentKeyId { get; set; }
        public List<KeyEntry>? Keys { get; set; }
    }

    private sealed class KeyEntry
    {
        public string? Id { get; set; }
        public string? Key { get; set; }
        public DateTimeOffset? Created { get; set; }
    }
}
