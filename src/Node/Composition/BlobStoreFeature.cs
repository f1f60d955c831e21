using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;

namespace Digipoort.Node.Composition;

public static class BlobStoreFeature
{
    /// <summary>Where documents and attachments are kept, encrypted (<see cref="BlobStoreFactory"/> chooses the store).</summary>
    public static IServiceCollection AddDigipoortBlobStore(this IServiceCollection services, NodeOptions options, DataFolder data)
    {
        var blobs = BlobStoreFactory.Create(options, data.Root, BlobKeys.Load(options, data.Root));
        services.AddSingleton(_ => blobs); // by factory, so the container disposes it (a database store holds a connection pool)
        return services;
    }
}
