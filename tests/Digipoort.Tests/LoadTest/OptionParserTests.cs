using Digipoort.LoadTest.Cli;
using Digipoort.LoadTest.Drivers;

namespace Digipoort.Tests.LoadTest;

public sealed class OptionParserTests
{
    [Fact]
    public void An_open_loop_bulk_run_against_two_nodes_is_read_as_given()
    {
        Assert.True(OptionParser.TryParse(
            ["--driver", "rest-bulk", "--batch=50", "--rate", "400", "--duration", "2m", "--target", "https://a:5443", "--target", "https://b:5443",
             "--size", "1KB,64KiB,2MB", "--invalid-share", "0.1", "--berichtsoort", "Factuur", "--node-arg=--X:Y=1", "--verify-delay", "15s"],
            out var o, out var problem), problem);

        Assert.Equal((DriverKind.RestBulk, 50, 400.0, TimeSpan.FromMinutes(2)), (o.Driver, o.BatchSize, o.Rate!.Value, o.Duration!.Value));
        Assert.Equal([new Uri("https://a:5443"), new Uri("https://b:5443")], o.Targets);
        Assert.Equal([1024, 64 * 1024, 2 * 1024 * 1024], o.Sizes);
        Assert.Equal((0.1, "Factuur", "--X:Y=1"), (o.InvalidShare, o.Berichtsoorten.Single(), o.NodeArguments.Single()));
        Assert.Equal(TimeSpan.FromSeconds(15), o.VerifyDelay);
    }

    [Fact]
    public void Without_a_count_or_duration_a_run_lasts_the_default_and_with_a_count_it_has_no_duration()
    {
        Assert.True(OptionParser.TryParse([], out var byDefault, out _));
        Assert.True(OptionParser.TryParse(["--count", "500"], out var counted, out _));

        Assert.Equal(LoadTestOptions.DefaultDuration, byDefault.Duration);
        Assert.Equal((500L, (TimeSpan?)null), (counted.Count!.Value, counted.Duration));
    }

    [Theory]
    [InlineData("--rate", "0")]
    [InlineData("--invalid-share", "1.5")]
    [InlineData("--batch", "1001")]
    [InlineData("--duration", "10x")]
    [InlineData("--size", "3GB")]
    [InlineData("--driver", "ftp")]
    [InlineData("--target", "ftp://x")]
    public void An_invalid_value_is_refused_with_the_option_named(string name, string value)
    {
        Assert.False(OptionParser.TryParse([name, value], out _, out var problem));
        Assert.StartsWith(name, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--start-node", "--target", "http://x")]
    [InlineData("--cert", "a.pem", "--count", "1")]
    [InlineData("--bogus", "1")]
    public void Conflicting_or_unknown_options_are_refused(params string[] args) =>
        Assert.False(OptionParser.TryParse(args, out _, out var problem) || problem is null);

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30", 30)]
    [InlineData("1.5m", 90)]
    [InlineData("1h", 3600)]
    public void Durations_take_the_usual_units(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OptionParser.Duration(text));
}
