using System.Globalization;
using Digipoort.LoadTest.Drivers;

namespace Digipoort.LoadTest.Cli;

/// <summary>Parses the command line into <see cref="LoadTestOptions"/>; pure, so it is tested without running anything.</summary>
public static class OptionParser
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tools/LoadTest -- [options]

        What to send
          --driver rest|rest-multipart|rest-bulk|wus   protocol (default rest: JSON with base64 content)
          --batch N                lines per request for rest-bulk (default 100, at most 1000)
          --berichtsoort NAME      only this berichtsoort (repeatable; default every one in the catalogue)
          --catalogue DIR          catalogue folder with <berichtsoort>/manifest.json and samples/*-valid.xml,
                                   *-invalid*.xml (default src/Node/catalogue, or the one beside --node-dll)
          --invalid-share F        share of messages with an invalid sample, 0–1 (default 0)
          --size S[,S…]            document sizes, e.g. 1KB,64KB,2MB, drawn evenly (default: samples as they are)
          --seed N                 makes the choice of samples repeatable (default 1)
          --belanghebbende N:T     identiteitBelanghebbende nummer:type (default 001000044B37:Fi)

        How hard and how long
          --rate R                 open loop: R messages/s on a fixed schedule; latency counts from the
                                   scheduled time (coordinated-omission correct)
          --concurrency N          closed loop: N requests in flight (default 32); with --rate: connections per node
          --duration D             e.g. 30s, 2m (default 30s when --count is not given)
          --count N                stop after N messages
          --warmup D               unmeasured closed-loop load first (not verified; its deliveries may overlap the run)
          --max-outstanding N      open loop: unanswered requests at most (default 10000)

        Where
          --target URL             node address (repeatable: round-robin; default https://127.0.0.1:5443)
          --pki DIR                the node's development PKI (default ./data/pki): client certificate
                                   clients/sender.*, trust trust/*.pem
          --cert PEM --key PEM     client certificate instead of the PKI's sender
          --ca PEM|DIR             trusted root (and intermediates) for the node's certificate
          --insecure               accept any node certificate
          --start-node             start a node process with a fresh data folder, its recipients pointed at
                                   the counting recipient (used by bench/run.sh)
          --node-dll PATH          node to start (default src/Node/bin/Release/net10.0/Digipoort.Node.dll, built first)
          --no-build               do not build src/Node before starting it
          --tls                    with --start-node: submit over mutual TLS (default plain HTTP, development identity;
                                   always for wus, which signs with the TLS client certificate)
          --node-arg ARG           extra argument for the started node (repeatable), e.g. --node-arg=--Digipoort:Journal:Synchronous=Normal

        Verification and output
          --recipient-port P       start the counting recipient on 127.0.0.1:P (0: any free port) and print the
                                   node settings that point recipients at it; duplicates are only counted then
          --verify-timeout D       how long to follow accepted messages to a final status (default 120s)
          --verify-delay D         wait this long after the load before following (default 0s); past the node's
                                   Messages:IdleBeforePassivation (10s) the first look-ups read ended messages that rest
          --no-verify              only measure acceptance (e.g. against the bench's bare ceiling endpoint)
          --json PATH              write the machine-readable result
          --quiet                  no live progress

        Exit codes: 0 clean; 3 a message was lost (accepted, never final); 4 duplicated or wrong final outcome;
        5 nothing accepted; 1 the tool failed (e.g. node did not start); 2 usage; 130 interrupted.
        """;

    public static bool TryParse(string[] args, out LoadTestOptions options, out string? problem)
    {
        var o = new LoadTestOptions();
        options = o;
        problem = null;
        var targets = new List<Uri>();
        var berichtsoorten = new List<string>();
        var nodeArguments = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inline) = Split(args[i]);
            switch (name)
            {
                case "--help" or "-h": return false;
                case "--no-verify": o = o with { Verify = false }; continue;
                case "--start-node": o = o with { StartNode = true }; continue;
                case "--no-build": o = o with { NoBuild = true }; continue;
                case "--tls": o = o with { Tls = true }; continue;
                case "--insecure": o = o with { Insecure = true }; continue;
                case "--quiet": o = o with { Quiet = true }; continue;
            }
            var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
            if (value is null)
            {
                problem = $"{name} needs a value.";
                return false;
            }
            var ok = name switch
            {
                "--target" => Add(targets, Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null),
                "--driver" => Set(Driver(value), d => o = o with { Driver = d!.Value }),
                "--batch" => Set(Int(value, 1, RestBulkDriver.MaxBatchSize), n => o = o with { BatchSize = n!.Value }),
                "--berichtsoort" => Add(berichtsoorten, value),
                "--catalogue" => Set(value, v => o = o with { Catalogue = v }),
                "--invalid-share" => Set(Fraction(value), f => o = o with { InvalidShare = f!.Value }),
                "--size" => Set(Sizes(value), s => o = o with { Sizes = s! }),
                "--seed" => Set(Int(value, int.MinValue, int.MaxValue), n => o = o with { Seed = n!.Value }),
                "--belanghebbende" => Set(Belanghebbende(value), b => o = o with { Envelope = o.Envelope with { BelanghebbendeNummer = b!.Value.Nummer, BelanghebbendeType = b.Value.Type } }),
                "--rol" => Set(value, v => o = o with { Envelope = o.Envelope with { RolBelanghebbende = v! } }),
                "--rate" => Set(Positive(value), r => o = o with { Rate = r }),
                "--concurrency" => Set(Int(value, 1, 100_000), n => o = o with { Concurrency = n!.Value }),
                "--duration" => Set(Duration(value), d => o = o with { Duration = d }),
                "--warmup" => Set(Duration(value), d => o = o with { Warmup = d }),
                "--count" => Set(Long(value), n => o = o with { Count = n }),
                "--max-outstanding" => Set(Int(value, 1, 10_000_000), n => o = o with { MaxOutstanding = n!.Value }),
                "--pki" => Set(value, v => o = o with { Pki = v }),
                "--cert" => Set(value, v => o = o with { Certificate = v }),
                "--key" => Set(value, v => o = o with { Key = v }),
                "--ca" => Set(value, v => o = o with { Trust = v }),
                "--node-dll" => Set(value, v => o = o with { NodeDll = v }),
                "--node-arg" => Add(nodeArguments, value),
                "--recipient-port" => Set(Int(value, 0, 65535), n => o = o with { RecipientPort = n }),
                "--verify-timeout" => Set(Duration(value), d => o = o with { VerifyTimeout = d!.Value }),
                "--verify-delay" => Set(Duration(value), d => o = o with { VerifyDelay = d!.Value }),
                "--json" => Set(value, v => o = o with { JsonPath = v }),
                _ => false,
            };
            if (!ok)
            {
                problem = name.StartsWith("--", StringComparison.Ordinal) && Known(name) ? $"{name} {value}: not a valid value." : $"Unknown option {name}.";
                return false;
            }
        }
        options = o with
        {
            Targets = targets,
            Berichtsoorten = berichtsoorten,
            NodeArguments = nodeArguments,
            Duration = o.Duration ?? (o.Count is null ? LoadTestOptions.DefaultDuration : null),
        };
        problem = Conflicts(options);
        return problem is null;
    }

    private static string? Conflicts(LoadTestOptions o) =>
        o.StartNode && o.Targets.Count > 0 ? "--start-node and --target exclude each other: the started node is the target."
        : o.Certificate is null != (o.Key is null) ? "--cert and --key go together."
        : o.Driver == DriverKind.RestBulk && o.Rate is { } rate && rate < o.BatchSize / 60.0 ? "--rate is too low for one bulk request of --batch messages a minute."
        : null;

    private static readonly string[] Valued =
    [
        "--target", "--driver", "--batch", "--berichtsoort", "--catalogue", "--invalid-share", "--size", "--seed", "--belanghebbende", "--rol",
        "--rate", "--concurrency", "--duration", "--warmup", "--count", "--max-outstanding", "--pki", "--cert", "--key", "--ca", "--node-dll", "--node-arg",
        "--recipient-port", "--verify-timeout", "--verify-delay", "--json",
    ];

    private static bool Known(string name) => Valued.Contains(name, StringComparer.Ordinal);

    /// <summary>"--name=value" or "--name".</summary>
    private static (string Name, string? Value) Split(string arg)
    {
        var at = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && at > 2 ? (arg[..at], arg[(at + 1)..]) : (arg, null);
    }

    private static bool Set<T>(T? value, Action<T?> apply)
    {
        if (value is null) return false;
        apply(value);
        return true;
    }

    private static bool Add<T>(List<T> list, T? value)
    {
        if (value is null) return false;
        list.Add(value);
        return true;
    }

    private static DriverKind? Driver(string value) => value switch
    {
        "rest" => DriverKind.Rest,
        "rest-multipart" => DriverKind.RestMultipart,
        "rest-bulk" => DriverKind.RestBulk,
        "wus" => DriverKind.Wus,
        _ => null,
    };

    private static int? Int(string value, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;

    private static long? Long(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static double? Positive(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && double.IsFinite(d) ? d : null;

    private static double? Fraction(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 1 ? d : null;

    private static (string Nummer, string Type)? Belanghebbende(string value) =>
        value.Split(':') is [{ Length: > 0 } nummer, { Length: > 0 } type] ? (nummer, type) : null;

    /// <summary>"30s", "2m", "500ms", "1h", or plain seconds.</summary>
    public static TimeSpan? Duration(string value)
    {
        var (number, unit) = NumberAndUnit(value);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0) return null;
        return unit switch
        {
            "" or "s" => TimeSpan.FromSeconds(n),
            "ms" => TimeSpan.FromMilliseconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => null,
        };
    }

    /// <summary>"4096", "1KB", "64KiB", "2MB" (binary multiples); a comma-separated list.</summary>
    public static IReadOnlyList<int>? Sizes(string value)
    {
        var sizes = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (number, unit) = NumberAndUnit(part);
            if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
            var bytes = unit.ToUpperInvariant() switch
            {
                "" or "B" => n,
                "K" or "KB" or "KIB" => n * 1024,
                "M" or "MB" or "MIB" => n * 1024 * 1024,
                _ => -1,
            };
            if (bytes is < 0 or > 512L * 1024 * 1024) return null;
            sizes.Add((int)bytes);
        }
        return sizes.Count > 0 ? sizes : null;
    }

    private static (string Number, string Unit) NumberAndUnit(string value)
    {
        var at = 0;
        while (at < value.Length && (char.IsDigit(value[at]) || value[at] == '.')) at++;
        return (value[..at], value[at..].Trim());
    }
}
