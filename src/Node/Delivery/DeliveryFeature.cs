using Digipoort.Actors.Delivery;
using Digipoort.Actors.Storage;
using Digipoort.Node.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Digipoort.Node.Delivery;

public static class DeliveryFeature
{
    /// <summary>The configured recipients and how a message reaches them (the HTTP push channel).</summary>
    public static IServiceCollection AddDigipoortDelivery(this IServiceCollection services, NodeOptions options)
    {
        services.AddSingleton(sp => new RecipientDirectory(options.Recipients, () => SelfBaseAddress(sp)));
        services.AddSingleton<IDeliveryChannel>(sp => new HttpPushChannel(sp.GetRequiredService<IBlobStore>()));
        services.AddSingleton(sp => new DeliveryService(sp.GetRequiredService<IDeliveryChannel>(),
            sp.GetRequiredService<RecipientDirectory>(), options.Delivery.MaxConcurrentPerRecipient));
        return services;
    }

    /// <summary>The node's own HTTP base address, once it listens (wildcard hosts become loopback): relative recipient endpoints resolve against it.</summary>
    private static Uri? SelfBaseAddress(IServiceProvider services)
    {
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault();
        if (address is null) return null;
        address = address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://[::1]", StringComparison.Ordinal);
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null;
    }
}
