namespace Digipoort.Actors.Delivery;

/// <summary>
/// Exponential backoff with jitter: attempt n waits min(Max, Initial·2^(n-1)), of which a random
/// share up to <see cref="Jitter"/> is taken off so that many messages failing at once against the
/// same recipient do not all come back at the same instant. Pure: the random draw is an argument.
/// </summary>
public sealed record RetryPolicy(TimeSpan Initial, TimeSpan Max, double Jitter)
{
    public static readonly RetryPolicy Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 0.5);

    /// <param name="attempt">The 1-based number of the attempt that just failed.</param>
    /// <param name="random">A draw from [0, 1).</param>
    public TimeSpan DelayAfter(int attempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30); // 2^30 × any sane initial delay is past any cap
        var uncapped = Initial.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(uncapped, Max.TotalMilliseconds);
        var jittered = capped * (1 - (Math.Clamp(Jitter, 0, 1) * Math.Clamp(random, 0, 1)));
        return TimeSpan.FromMilliseconds(Math.Max(jittered, 1));
    }
}
