using Digipoort.Actors.Storage.Encryption;
using Digipoort.Node.Configuration;

namespace Digipoort.Node.FirstRun;

/// <summary>
/// The blob store's key ring for a node: from configuration when keys are configured there, otherwise
/// from the key file in the data folder, which is created with fresh keys on first run.
/// </summary>
public static class BlobKeys
{
    public static string KeyFilePath(NodeOptions options, string dataRoot) =>
        options.BlobEncryption.KeyFile is { } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(dataRoot, "keys", "blob-keys.json");

    public static BlobKeyRing Load(NodeOptions options, string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.BlobEncryption;
        return settings.IsConfigured
            ? FromConfiguration(settings)
            : BlobKeyFile.LoadOrCreate(KeyFilePath(options, dataRoot), TimeProvider.System);
    }

    private static BlobKeyRing FromConfiguration(BlobEncryptionSettings settings)
    {
        const string prefix = NodeOptions.Section + ":" + nameof(NodeOptions.BlobEncryption);
        if (settings.AddressKey is null || settings.CurrentKeyId is null || settings.Keys.Count == 0)
            throw new InvalidOperationException(
                $"Configured blob keys need {prefix}:AddressKey, {prefix}:CurrentKeyId and {prefix}:Keys:<id> (base64, 256 bits each).");
        try
        {
            return new BlobKeyRing(Convert.FromBase64String(settings.AddressKey), settings.CurrentKeyId,
                settings.Keys.ToDictionary(kv => kv.Key, kv => Convert.FromBase64String(kv.Value), StringComparer.Ordinal));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidOperationException($"The configured blob keys ({prefix}) are invalid: {e.Message}", e);
        }
    }
}
