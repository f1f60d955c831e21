namespace Digipoort.Tests.Support;

/// <summary>A fact about Unix file modes: reported as skipped, not as passed, on Windows.</summary>
public sealed class UnixOnlyFactAttribute : FactAttribute
{
    public UnixOnlyFactAttribute()
    {
        if (OperatingSystem.IsWindows())
            Skip = "Unix file modes do not exist on Windows.";
    }
}
