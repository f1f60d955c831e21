using Digipoort.LoadTest.Drivers;

namespace Digipoort.LoadTest.Cli;

/// <summary>Everything a run is told on the command line (see <see cref="OptionParser.Usage"/>).</summary>
public sealed record LoadTestOptions
{
    public IReadOnlyList<Uri> Targets { get; init; } = [];
    public DriverKind Driver { get; init; } = DriverKind.Rest;
    public int BatchSize { get; init; } = 100;
    public double? Rate { get; init; }
    public int Concurrency { get; init; } = 32;
    public TimeSpan? Duration { get; init; }
    /// <summary>Unmeasured load first (same driver and concurrency, closed loop), so JIT and connection setup do not count.</summary>
    public TimeSpan? Warmup { get; init; }
    public long? Count { get; init; }
    public double InvalidShare { get; init; }
    /// <summary>Document sizes; 0 means the sample as it is.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [0];
    public IReadOnlyList<string> Berichtsoorten { get; init; } = [];
    public string? Catalogue { get; init; }
    public int Seed { get; init; } = 1;
    public string? Pki { get; init; }
    public string? Certificate { get; init; }
    public string? Key { get; init; }
    public string? Trust { get; init; }
    public bool Insecure { get; init; }
    public int? RecipientPort { get; init; }
    public bool Verify { get; init; } = true;
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long to wait after the load before following: long enough, and ended messages have passivated.</summary>
    public TimeSpan VerifyDelay { get; init; } = TimeSpan.Zero;
    public int VerifyConcurrency { get; init; } = 16;
    public string? JsonPath { get; init; }
    public bool StartNode { get; init; }
    public string? NodeDll { get; init; }
    public bool NoBuild { get; init; }
    public bool Tls { get; init; }
    public IReadOnlyList<string> NodeArguments { get; init; } = [];
    public int MaxOutstanding { get; init; } = 10_000;
    public TimeSpan ThrottlePatience { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public bool Quiet { get; init; }
    public SubmissionEnvelope Envelope { get; init; } = SubmissionEnvelope.Demo;

    /// <summary>Without a count or a duration a run lasts this long.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);
}
