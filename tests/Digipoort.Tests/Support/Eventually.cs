namespace Digipoort.Tests.Support;

/// <summary>Waits for a condition with a deadline, checking it often; fails with what it waited for.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout} waiting until {what}.");
            await Task.Delay(50);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        while (!accept(last = await probe()))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout} waiting until {what}; last seen: {last}.");
            await Task.Delay(50);
        }
        return last;
    }
}
