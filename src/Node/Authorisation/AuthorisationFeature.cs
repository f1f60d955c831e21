using Digipoort.Actors.Processing.Authorisation;
using Digipoort.Api.Identity;
using Digipoort.Node.Configuration;

namespace Digipoort.Node.Authorisation;

public static class AuthorisationFeature
{
    /// <summary>
    /// Who a request comes from (the sender identity) and what each sender may do: the authorisation matrix, reloaded
    /// when <paramref name="matrix"/> changes, and who may read which message.
    /// </summary>
    public static IServiceCollection AddDigipoortAuthorisation(this IServiceCollection services, NodeOptions options, IConfiguration matrix)
    {
        services.AddSingleton<ISenderIdentityResolver>(new SenderIdentityResolver(options.Development));
        services.AddSingleton(new AuthorisationMatrixProvider(AuthorisationReload.Load(matrix)));
        services.AddHostedService(sp => new AuthorisationReload(matrix, sp.GetRequiredService<AuthorisationMatrixProvider>(),
            sp.GetRequiredService<ILogger<AuthorisationReload>>()));
        services.AddSingleton<MessageReadAccess>();
        return services;
    }
}
