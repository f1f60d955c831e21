using System.Globalization;

namespace Digipoort.Bench;

/// <summary>The command line of the bench; every figure in the report is tied to these values.</summary>
internal sealed record BenchOptions(
    int Messages,
    int Concurrency,
    int DocumentBytes,
    int Warmup,
    int Repeat,
    string? Out,
    string? NodeDll,
    bool NoBuild,
    bool Tls = false,
    int Handshakes = 0)
{
    public static readonly BenchOptions Default = new(
        Messages: 20_000, Concurrency: 64, DocumentBytes: 4096, Warmup: 1000, Repeat: 1, Out: null, NodeDll: null, NoBuild: false);

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Digipoort.Bench -- [options]

          --messages N         measured submissions per run (default 20000)
          --concurrency N      requests in flight (default 64)
          --document-bytes N   size of the Omzetbelasting document (default 4096)
          --warmup N           unmeasured submissions first, and as many baseline requests (default 1000)
          --repeat N           runs, each with a fresh node and data folder; the report adds medians (default 1)
          --out PATH           Markdown results file (default bench/results/throughput-<UTC timestamp>.md)
          --node-dll PATH      node to start (default src/Node/bin/Release/net10.0/Digipoort.Node.dll, built first)
          --no-build           do not build src/Node before starting it
          --tls                submit over mutual TLS with the node's development sender certificate
                               (default: plain HTTP with the development sender identity)
          --handshakes N       with --tls, also time N requests that each open a new mutual-TLS
                               connection, next to N on one kept-alive connection (default 0)
          --help               this text
        """;

    /// <summary>Parses <c>--name value</c> pairs; <paramref name="problem"/> is null when help was asked for.</summary>
    public static bool TryParse(string[] args, out BenchOptions options, out string? problem)
    {
        options = Default;
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h") return false;
            if (name == "--tls")
            {
                options = options with { Tls = true };
                continue;
            }
            if (name == "--no-build")
            {
                options = options with { NoBuild = true };
                continue;
            }
            if (i + 1 >= args.Length)
            {
                problem = $"{name} needs a value.";
                return false;
            }
            var value = args[++i];
            switch (name)
            {
                case "--messages" when TryCount(value, 1, 10_000_000, out var n): options = options with { Messages = n }; break;
                case "--concurrency" when TryCount(value, 1, 4096, out var n): options = options with { Concurrency = n }; break;
                case "--document-bytes" when TryCount(value, 1, 20 * 1024 * 1024, out var n): options = options with { DocumentBytes = n }; break;
                case "--warmup" when TryCount(value, 0, 10_000_000, out var n): options = options with { Warmup = n }; break;
                case "--repeat" when TryCount(value, 1, 99, out var n): options = options with { Repeat = n }; break;
                case "--handshakes" when TryCount(value, 0, 100_000, out var n): options = options with { Handshakes = n }; break;
                case "--out": options = options with { Out = value }; break;
                case "--node-dll": options = options with { NodeDll = value }; break;
                case "--messages" or "--concurrency" or "--document-bytes" or "--warmup" or "--repeat" or "--handshakes":
                    problem = $"{name} {value}: not a whole number in the allowed range.";
                    return false;
                default:
                    problem = $"Unknown option {name}.";
                    return false;
            }
        }
        return true;
    }

    /// <summary>The options as they would be typed to repeat the measurement, defaults spelt out, for the report.</summary>
    public string CommandLine(string outPath) =>
        string.Create(CultureInfo.InvariantCulture,
            $"--messages {Messages} --concurrency {Concurrency} --document-bytes {DocumentBytes} --warmup {Warmup} --repeat {Repeat} " +
            $"--out {outPath}{(NodeDll is null ? "" : $" --node-dll {NodeDll}")}{(NoBuild ? " --no-build" : "")}" +
            $"{(Tls ? " --tls" : "")}{(Handshakes > 0 ? $" --handshakes {Handshakes}" : "")}");

    private static bool TryCount(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
