using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;

namespace Digipoort.Node.Catalogue;

public static class CatalogueFeature
{
    /// <summary>The berichtsoorten the node knows (its catalogue folder), reloaded when the folder changes.</summary>
    public static IServiceCollection AddDigipoortCatalogue(this IServiceCollection services, NodeOptions options, DataFolder data)
    {
        // Broken entries are refused one by one (and reported by CatalogueReload), so one bad berichtsoort
        // does not keep the node, and every other berichtsoort, from starting.
        var catalogue = new CatalogueProvider(data.CatalogueDirectory, options.Recipients.ContainsKey);
        services.AddSingleton(catalogue);
        services.AddHostedService(sp => new CatalogueReload(catalogue, options.Catalogue.ReloadInterval,
            sp.GetRequiredService<ILogger<CatalogueReload>>()));
        return services;
    }
}
