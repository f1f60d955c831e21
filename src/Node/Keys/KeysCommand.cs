using Digipoort.Actors.Storage;
using Digipoort.Actors.Storage.Encryption;
using Digipoort.Actors.Storage.PostgreSql;
using Digipoort.Node.Composition;
using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;

namespace Digipoort.Node.Keys;

/// <summary>
/// <c>keys</c>: manages the blob store's encryption keys without starting the node.
/// <list type="bullet">
/// <item><c>keys list</c>: the keys, which is current, and how many blobs each encrypts.</item>
/// <item><c>keys rotate [--reencrypt]</c>: adds a key and makes it current; older blobs stay readable
/// with their keys, or are rewritten under the new key with <c>--reencrypt</c>.</item>
/// <item><c>keys reencrypt</c>: rewrites every blob that is not under the current key.</item>
/// <item><c>keys retire &lt;id&gt;</c>: removes a key, refused while it is current or any blob uses it.</item>
/// </list>
/// Every verb takes <c>--data &lt;dir&gt;</c> (default: <c>Digipoort:DataDirectory</c> from appsettings.json
/// and the environment), and counts blobs in the store <c>Digipoort:Blobs</c> chooses; re-encryption is for the
/// Folder store only. Exit codes: 0 done, 1 refused or failed, 2 usage error.
/// </summary>
public static class KeysCommand
{
    public const int Done = 0;
    public const int Refused = 1;
    public const int Usage = 2;

    private const string UsageText = "usage: keys (list | rotate [--reencrypt] | reencrypt | retire <id>) [--data <dir>]";

    /// <param name="args">The arguments after <c>keys</c>.</param>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, KeysCommandConfiguration.Options, output, error, cancellationToken);

    /// <param name="configuration">The node's settings, given the <c>--data</c> folder if there is one.</param>
    internal static async Task<int> RunAsync(string[] args, Func<string?, NodeOptions> configuration, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!TryParse(args, out var verb, out var operand, out var dataDirectory, out var reencrypt))
        {
            await error.WriteLineAsync(UsageText);
            return Usage;
        }

        var options = configuration(dataDirectory);
        var dataRoot = Path.GetFullPath(options.DataDirectory);
        var keyFile = BlobKeys.KeyFilePath(options, dataRoot);
        try
        {
            if (verb is "rotate" or "retire" && options.BlobEncryption.IsConfigured)
            {
                await error.WriteLineAsync(
                    "The keys are configured (Digipoort:BlobEncryption), not kept in a key file: change them where they are configured.");
                return Refused;
            }
            if ((verb == "reencrypt" || reencrypt) && options.Blobs.Store != BlobStoreKind.Folder)
            {
                await error.WriteLineAsync(
                    $"Re-encryption works on the Folder blob store only, not on {options.Blobs.Store}: keep the older keys, which still read the blobs written under them.");
                return Refused;
            }
            var ring = BlobKeys.Load(options, dataRoot);
            switch (verb)
            {
                case "list":
                    var inUse = KeyIdsInUse(options, dataRoot, ring);
                    foreach (var id in ring.KeyIds.Order(StringComparer.Ordinal))
                        await output.WriteLineAsync($"{id}{(id == ring.CurrentKeyId ? " (current)" : "")}: {inUse.GetValueOrDefault(id)} blobs");
                    foreach (var missing in inUse.Keys.Where(id => !ring.KeyIds.Contains(id)))
                        await output.WriteLineAsync($"{missing} (missing from the key ring!): {inUse[missing]} blobs");
                    return Done;

                case "rotate":
                    var rotated = ring.WithNewCurrentKey();
                    BlobKeyFile.Save(keyFile, rotated, ring, TimeProvider.System);
                    await output.WriteLineAsync($"Key {rotated.CurrentKeyId} is now current; earlier keys stay for reading (a running node picks it up when restarted).");
                    if (reencrypt)
                        await ReencryptAsync(Store(options, dataRoot, rotated), output, cancellationToken);
                    return Done;

                case "reencrypt":
                    await ReencryptAsync(Store(options, dataRoot, ring), output, cancellationToken);
                    return Done;

                default: // retire
                    if (!ring.KeyIds.Contains(operand!))
                    {
                        await error.WriteLineAsync($"There is no key '{operand}'.");
                        return Refused;
                    }
                    if (operand == ring.CurrentKeyId)
                    {
                        await error.WriteLineAsync($"Key '{operand}' is current; rotate first.");
                        return Refused;
                    }
                    var users = KeyIdsInUse(options, dataRoot, ring).GetValueOrDefault(operand!);
                    if (users > 0)
                    {
                        await error.WriteLineAsync($"Key '{operand}' still encrypts {users} blobs; run 'keys reencrypt' first.");
                        return Refused;
                    }
                    BlobKeyFile.Save(keyFile, ring.Without(operand!), ring, TimeProvider.System);
                    await output.WriteLineAsync($"Key '{operand}' retired.");
                    return Done;
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"keys {verb}: {e.Message}");
            return Refused;
        }
    }

    private static async Task ReencryptAsync(FileBlobStore store, TextWriter output, CancellationToken cancellationToken)
    {
        var count = await BlobKeyMaintenance.ReencryptAsync(store, cancellationToken);
        await output.WriteLineAsync($"Re-encrypted {count} blobs under key {store.Keys.CurrentKeyId}.");
    }

    private static FileBlobStore Store(NodeOptions options, string dataRoot, BlobKeyRing ring) =>
        new(BlobStoreFactory.FolderOf(options, dataRoot), ring);

    /// <summary>How many blobs each key encrypts, counted in the store the node uses: counting anywhere else could retire a key still needed.</summary>
    private static IReadOnlyDictionary<string, int> KeyIdsInUse(NodeOptions options, string dataRoot, BlobKeyRing ring)
    {
        if (options.Blobs.Store == BlobStoreKind.Folder)
            return BlobKeyMaintenance.KeyIdsInUse(Store(options, dataRoot, ring));
        using var store = new PostgreSqlBlobStore(BlobStoreFactory.ConnectionStringOf(options), BlobStoreFactory.StagingFolderOf(dataRoot), ring);
        return store.KeyIdsInUse();
    }

    private static bool TryParse(string[] args, out string verb, out string? operand, out string? dataDirectory, out bool reencrypt)
    {
        verb = args.Length > 0 ? args[0] : "";
        operand = null;
        dataDirectory = null;
        reencrypt = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    dataDirectory = args[++i];
                    break;
                case "--reencrypt" when verb == "rotate":
                    reencrypt = true;
                    break;
                case var value when verb == "retire" && operand is null && !value.StartsWith("--", StringComparison.Ordinal):
                    operand = value;
                    break;
                default:
                    return false;
            }
        }
        return verb is "list" or "rotate" or "reencrypt" || (verb == "retire" && operand is not null);
    }
}
