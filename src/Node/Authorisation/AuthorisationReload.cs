using Digipoort.Actors.Processing.Authorisation;
using Microsoft.Extensions.Primitives;

namespace Digipoort.Node.Authorisation;

/// <summary>
/// Applies changes to the authorisation matrix while the node runs. A change that does not make a
/// valid matrix is reported and refused; the matrix in force stays.
/// </summary>
public sealed class AuthorisationReload(IConfiguration source, AuthorisationMatrixProvider provider, ILogger<AuthorisationReload> logger)
    : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    /// <summary>Builds the matrix now (start-up fails on an invalid matrix).</summary>
    public static AuthorisationMatrix Load(IConfiguration source) =>
        AuthorisationMatrixBuilder.Build(source.Get<AuthorisationSettings>() ?? new AuthorisationSettings());

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = ChangeToken.OnChange(source.GetReloadToken, Reload);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    private void Reload()
    {
        try
        {
            var matrix = Load(source);
            provider.Replace(matrix);
            logger.LogInformation("Authorisation matrix reloaded: {Senders} sender(s)", matrix.SenderCount);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            logger.LogError("Authorisation matrix change refused, the previous matrix stays in force: {Reason}", ex.Message);
        }
    }
}
