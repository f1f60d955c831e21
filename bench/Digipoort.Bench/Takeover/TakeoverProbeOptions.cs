using System.Globalization;
using Digipoort.LoadTest.Cli;
using Digipoort.LoadTest.Machine;

namespace Digipoort.Bench.Takeover;

/// <summary>
/// <c>takeover-probe --targets URL[,URL…] --kill-command CMD [--kill-after 10s] [--duration 40s] [--rate 10] [--slow 2s]
/// [--request-timeout 30s] [--berichtsoort Omzetbelasting] [--size 4KB] [--catalogue DIR] [--watch-pid-file FILE] [--json PATH]</c>.
/// <c>--watch-pid-file</c> names the killed process's PID file, so that the kill is timed by the process's death rather than
/// by the command's start.
/// </summary>
internal sealed record TakeoverProbeOptions(
    IReadOnlyList<Uri> Targets, string KillCommand, TimeSpan KillAfter, TimeSpan Duration, double Rate, TimeSpan Slow, TimeSpan RequestTimeout,
    string Berichtsoort, int Size, string Catalogue, string? WatchPidFile, string? JsonPath)
{
    public const string Usage =
        "takeover-probe --targets URL[,URL…] --kill-command CMD [--kill-after 10s] [--duration 40s] [--rate 10] [--slow 2s] " +
        "[--request-timeout 30s] [--berichtsoort Omzetbelasting] [--size 4KB] [--catalogue DIR] [--watch-pid-file FILE] [--json PATH]";

    public static TakeoverProbeOptions? Parse(IReadOnlyDictionary<string, string> named, out string? problem)
    {
        var targets = named.GetValueOrDefault("--targets", "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => Uri.TryCreate(t, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp ? uri : null)
            .ToList();
        var killAfter = OptionParser.Duration(named.GetValueOrDefault("--kill-after", "10s"));
        var duration = OptionParser.Duration(named.GetValueOrDefault("--duration", "40s"));
        var slow = OptionParser.Duration(named.GetValueOrDefault("--slow", "2s"));
        var requestTimeout = OptionParser.Duration(named.GetValueOrDefault("--request-timeout", "30s"));
        var sizes = OptionParser.Sizes(named.GetValueOrDefault("--size", "4KB"));
        var rate = double.TryParse(named.GetValueOrDefault("--rate", "10"), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : (double?)null;
        problem = targets.Count == 0 || targets.Contains(null) ? "--targets takes plain-HTTP node addresses (the development sender identity), comma-separated."
            : !named.ContainsKey("--kill-command") ? "--kill-command is required (e.g. \"scripts/cluster.sh kill 2\")."
            : killAfter is null || duration is null || slow is null || requestTimeout is null ? "--kill-after, --duration, --slow and --request-timeout are durations such as 10s."
            : killAfter >= duration ? "--kill-after must fall inside --duration."
            : rate is null ? "--rate is probes per second, above 0."
            : sizes is not [var _] ? "--size is one size, e.g. 4KB."
            : null;
        if (problem is not null) return null;
        return new TakeoverProbeOptions(targets!, named["--kill-command"], killAfter!.Value, duration!.Value, rate!.Value, slow!.Value,
            requestTimeout!.Value, named.GetValueOrDefault("--berichtsoort", "Omzetbelasting"), sizes![0],
            named.GetValueOrDefault("--catalogue") ?? RepoLayout.Find().DemoCatalogue, named.GetValueOrDefault("--watch-pid-file"),
            named.GetValueOrDefault("--json"));
    }
}
