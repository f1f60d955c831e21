using Digipoort.Actors.Delivery;

namespace Digipoort.Tests.Lifecycle;

public class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), 0.5);

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(5, 160)]
    [InlineData(6, 300)]
    [InlineData(60, 300)]
    public void Delays_double_per_attempt_up_to_the_cap(int attempt, double seconds) =>
        Assert.Equal(seconds, Policy.DelayAfter(attempt, random: 0).TotalSeconds, precision: 3);

    [Fact]
    public void Jitter_takes_off_at_most_its_share() =>
        Assert.Equal(5, Policy.DelayAfter(1, random: 1).TotalSeconds, precision: 3);

    [Fact]
    public void Attempt_numbers_start_at_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DelayAfter(0, 0));
}
