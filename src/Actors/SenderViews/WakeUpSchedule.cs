using Digipoort.Actors.Messages;

namespace Digipoort.Actors.SenderViews;

/// <param name="ResumeAfter">
/// How long a message may go without writing anything before it is woken. Waking a running message costs one
/// message and changes nothing, so this only bounds how soon a message whose node crashed, stopped or handed it over
/// resumes.
/// </param>
/// <param name="Interval">How often the waker looks for messages due.</param>
/// <param name="BatchSize">The most messages woken per look, which bounds the recoveries a crash sets off at once.</param>
public sealed record WakeUpSettings(TimeSpan ResumeAfter, TimeSpan Interval, int BatchSize)
{
    public static readonly WakeUpSettings Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 1000);

    /// <summary>The longest a message that is still not over goes between wake-ups (one that waits days for a recipient).</summary>
    public static readonly TimeSpan MaxQuiet = TimeSpan.FromMinutes(5);
}

/// <summary>When the durable wake-up wakes a message: pure decisions for <see cref="MessageWakeUps"/>.</summary>
public static class WakeUpSchedule
{
    /// <summary>
    /// When to wake a message whose latest events (in journal order) are <paramref name="events"/>, read at
    /// <paramref name="now"/>; null when they end it. A retry later than the grace is waited for: until then the
    /// message's own timer is what counts, and a message lost meanwhile only needs to be back by then.
    /// </summary>
    public static DateTimeOffset? WakeAt(IReadOnlyList<IMessageEvent> events, DateTimeOffset now, TimeSpan resumeAfter)
    {
        if (events.Any(e => e is MessageEnded)) return null;
        var soonest = now + resumeAfter;
        return events[^1] switch
        {
            DeliveryAttemptFailed f when f.NextAttemptAt > soonest => f.NextAttemptAt,
            ValidationFailedTechnically { RetryAt: { } retryAt } when retryAt > soonest => retryAt,
            _ => soonest,
        };
    }

    /// <summary>
    /// The next wake-up of a message just woken that has written nothing since <paramref name="lastEventAt"/>: the longer
    /// it has been quiet (waiting for a recipient that is down, say), the rarer, between the grace and
    /// <see cref="WakeUpSettings.MaxQuiet"/>.
    /// </summary>
    public static DateTimeOffset Rewake(DateTimeOffset lastEventAt, DateTimeOffset now, TimeSpan resumeAfter)
    {
        var longest = Math.Max(resumeAfter.Ticks, WakeUpSettings.MaxQuiet.Ticks);
        return now + TimeSpan.FromTicks(Math.Clamp((now - lastEventAt).Ticks / 2, resumeAfter.Ticks, longest));
    }
}
