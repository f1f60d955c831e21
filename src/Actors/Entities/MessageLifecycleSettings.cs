using Digipoort.Actors.Delivery;

namespace Digipoort.Actors.Entities;

/// <summary>The timing rules of a message's life.</summary>
public sealed record MessageLifecycleSettings(
    TimeSpan DeliveryWindow,
    RetryPolicy DeliveryRetry,
    RetryPolicy ValidationRetry,
    int MaxValidationAttempts,
    TimeSpan IdleBeforePassivation,
    TimeSpan BatchNotificationRetry)
{
    public static readonly MessageLifecycleSettings Default = new(
        DeliveryWindow: TimeSpan.FromHours(72),
        DeliveryRetry: RetryPolicy.Default,
        ValidationRetry: new RetryPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), 0.5),
        MaxValidationAttempts: 5,
        IdleBeforePassivation: TimeSpan.FromSeconds(10),
        BatchNotificationRetry: TimeSpan.FromSeconds(10));
}
