namespace Digipoort.Tests.Support;

/// <summary>A fact that runs the openssl command line: reported as skipped, not as passed, where openssl is not installed.</summary>
public sealed class OpensslFactAttribute : FactAttribute
{
    public OpensslFactAttribute()
    {
        if (Openssl.Path is null)
            Skip = "openssl is not on the PATH.";
    }
}
