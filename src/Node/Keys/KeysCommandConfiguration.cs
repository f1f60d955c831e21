using Digipoort.Node.Configuration;

namespace Digipoort.Node.Keys;

/// <summary>
/// The node's settings as the <c>keys</c> command sees them: appsettings.json beside the binaries and
/// <c>Digipoort__…</c> environment variables, as for the node itself, so both find the same keys.
/// </summary>
internal static class KeysCommandConfiguration
{
    public static NodeOptions Options(string? dataDirectory)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        if (dataDirectory is not null)
            options.DataDirectory = dataDirectory;
        return options;
    }
}
