using Digipoort.Actors.Domain;
using Digipoort.Actors.Processing.Authorisation;
using Digipoort.Node.Authorisation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Digipoort.Tests.Node;

public class AuthorisationReloadTests
{
    private static readonly SenderIdentity Sender = SenderIdentity.From("00000003123456780000");
    private static readonly Identiteit Client = new("001000044B37", "Fi");

    [Fact]
    public async Task A_valid_change_replaces_the_matrix_and_an_invalid_one_leaves_it_in_force()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        configuration["Senders:00000003123456780000:Berichtsoorten:0"] = "Omzetbelasting";
        var provider = new AuthorisationMatrixProvider(AuthorisationReload.Load(configuration));
        using var reload = new AuthorisationReload(configuration, provider, NullLogger<AuthorisationReload>.Instance);
        await reload.StartAsync(CancellationToken.None);
        Assert.False(MayDoAnything(provider));

        configuration["Senders:00000003123456780000:Berichtsoorten:0"] = "*";
        configuration.Reload();
        Assert.True(MayDoAnything(provider));

        var inForce = provider.Current;
        configuration["Senders:00000003123456780000:Role"] = "Koning";
        configuration.Reload();
        Assert.Same(inForce, provider.Current);
    }

    private static bool MayDoAnything(AuthorisationMatrixProvider provider) =>
        provider.Current.MaySubmit(Sender, "Aangifte_LH", Client, DateTimeOffset.UtcNow).Allowed;
}
