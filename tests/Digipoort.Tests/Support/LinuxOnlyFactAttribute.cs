namespace Digipoort.Tests.Support;

/// <summary>A fact about something only Linux does (e.g. <c>syncfs</c>).</summary>
public sealed class LinuxOnlyFactAttribute : FactAttribute
{
    public LinuxOnlyFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "Only Linux has this.";
    }
}
