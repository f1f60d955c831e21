using Digipoort.Actors.Delivery;
using Digipoort.Actors.Processing;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Splitting;
using Digipoort.Actors.Storage;
using Digipoort.Node.Configuration;

namespace Digipoort.Node.Processing;

public static class ProcessingFeature
{
    /// <summary>What happens to a document once it is taken in: validation, routing, transformation and splitting.</summary>
    public static IServiceCollection AddDigipoortProcessing(this IServiceCollection services, NodeOptions options)
    {
        services.AddSingleton(sp => new DocumentProcessing(sp.GetRequiredService<CatalogueProvider>(), sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<RecipientDirectory>(),
            new BatchSplitter(sp.GetRequiredService<IBlobStore>(), new BatchLimits(options.Batches.MaxItems, options.Batches.MaxItemBytes)),
            options.Validation.MaxConcurrency > 0 ? options.Validation.MaxConcurrency : Environment.ProcessorCount,
            options.Validation.MaxTreeBytes));
        return services;
    }
}
