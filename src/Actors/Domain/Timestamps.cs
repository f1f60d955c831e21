using System.Globalization;

namespace Digipoort.Actors.Domain;

/// <summary>Digipoort's timestamps: UTC with milliseconds, written like 2021-03-07T11:37:39.702Z.</summary>
public static class Timestamps
{
    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static bool TryParse(string? value, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);

    /// <summary>The precision statuses are recorded in, so that what is stored is exactly what is shown.</summary>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset at) =>
        new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), at.Offset);
}
