using System.Security.Cryptography;
using System.Text;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Node.Catalogue;

/// <summary>
/// Reloads the catalogue when its folder changes, so operators can add or change a berichtsoort without a
/// restart. The folder is polled (a fingerprint of every file's path, size and time) rather than watched:
/// file-system events are unreliable on network and container file systems. An entry that fails to load is
/// reported and refused; the version that was running stays.
/// </summary>
public sealed class CatalogueReload(CatalogueProvider catalogue, TimeSpan interval, ILogger<CatalogueReload> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Report(catalogue.Problems, "Catalogue loaded");
        if (interval <= TimeSpan.Zero || catalogue.Root is not { } root) return;

        var fingerprint = Fingerprint(root);
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = Fingerprint(root);
            if (now == fingerprint) continue;
            fingerprint = now;
            try
            {
                Report(catalogue.Reload(), "Catalogue reloaded");
            }
            catch (CatalogueException e)
            {
                logger.LogError("Catalogue reload refused, the running catalogue stays: {Reason}", e.Message);
            }
        }
    }

    private void Report(IReadOnlyList<CatalogueException> problems, string what)
    {
        logger.LogInformation("{What}: {Count} berichtsoort(en): {Berichtsoorten}", what, catalogue.Current.All.Count,
            string.Join(", ", catalogue.Current.All.Select(t => $"{t.Berichtsoort} {t.Version}")));
        foreach (var problem in problems)
            logger.LogError("Catalogue entry refused (a version that was running stays in force): {Reason}", problem.Message);
    }

    /// <summary>Changes when any file under <paramref name="root"/> is added, removed, resized or touched.</summary>
    public static string Fingerprint(string root)
    {
        if (!Directory.Exists(root)) return "";
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(file).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
