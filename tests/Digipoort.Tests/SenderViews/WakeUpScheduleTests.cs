using Digipoort.Actors.Messages;
using Digipoort.Actors.SenderViews;
using static Digipoort.Tests.Lifecycle.MessageFixtures;

namespace Digipoort.Tests.SenderViews;

public class WakeUpScheduleTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_message_is_woken_a_grace_after_it_was_last_read_and_not_at_all_once_it_ended()
    {
        var now = T0.AddMinutes(1); // the projection reads late: the grace counts from the reading, not from the event
        Assert.Equal(now + Grace, WakeUpSchedule.WakeAt([new DocumentValidated([], T0)], now, Grace));
        Assert.Null(WakeUpSchedule.WakeAt([new DeliverySucceeded("bd", 1, 202, T0), new MessageEnded(T0)], now, Grace));
    }

    [Fact]
    public void A_retry_sooner_than_the_grace_does_not_bring_the_wake_up_forward()
    {
        var soon = T0.AddSeconds(2);
        Assert.Equal(T0 + Grace, WakeUpSchedule.WakeAt([new DeliveryAttemptFailed("bd", 1, "503", soon, T0)], T0, Grace));
        Assert.Equal(T0 + Grace, WakeUpSchedule.WakeAt([new ValidationFailedTechnically(1, "io", soon, T0)], T0, Grace));
    }

    [Fact]
    public void A_quiet_message_is_woken_every_half_of_its_quiet_time_between_the_grace_and_five_minutes()
    {
        Assert.Equal(T0 + Grace, WakeUpSchedule.Rewake(T0.AddSeconds(-4), T0, Grace));
        Assert.Equal(T0.AddMinutes(2), WakeUpSchedule.Rewake(T0.AddMinutes(-4), T0, Grace));
        Assert.Equal(T0 + WakeUpSettings.MaxQuiet, WakeUpSchedule.Rewake(T0.AddDays(-2), T0, Grace));
    }
}
