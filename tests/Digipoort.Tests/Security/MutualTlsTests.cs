using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Digipoort.Tests.Security;

/// <summary>
/// A real TLS handshake: TestServer does none, so a Kestrel on 127.0.0.1:0 requires a client
/// certificate and lets the validator decide during the handshake.
/// </summary>
[Collection(DevPkiCollection.Name)]
public sealed class MutualTlsTests(DevPkiFixture pki)
{
    [Fact]
    public async Task A_dev_PKI_client_certificate_completes_the_handshake_and_the_endpoint_sees_its_oin()
    {
        using var validator = pki.Validator();
        await using var server = await StartServer(validator);
        using var client = Client(pki.Material.Clients["sender"]);

        var response = await client.GetAsync(new Uri(server.Address, "/whoami"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("00000003123456780000", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_client_certificate_the_request_fails()
    {
        using var validator = pki.Validator();
        await using var server = await StartServer(validator);
        using var client = Client(certificate: null);

        // Under TLS 1.3 the server refuses after the client considers the handshake done, so this is
        // "response ended prematurely" rather than a handshake error (spike §5).
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(server.Address, "/whoami")));
    }

    private async Task<RunningServer> StartServer(ClientCertificateValidator validator)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = pki.Material.Server,
            ServerCertificateChain = pki.Material.Intermediates,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            // SslStream's chain is built against the machine store; only its ExtraStore (what the client sent) is of use.
            ClientCertificateValidation = (certificate, chain, _) => validator.Validate(certificate, chain?.ChainPolicy.ExtraStore).Succeeded,
        })));
        var app = builder.Build();
        app.MapGet("/whoami", (HttpContext context) =>
            validator.Validate(context.Connection.ClientCertificate, null).Identity?.Oin.Value ?? "");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningServer(app, new Uri(address));
    }

    private HttpClient Client(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        if (certificate is not null)
            handler.SslOptions.ClientCertificateContext = SslStreamCertificateContext.Create(certificate, pki.Material.Intermediates, offline: true);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, serverCertificate, _, errors) =>
            (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
            && serverCertificate is X509Certificate2 presented && TrustedByDevRoot(presented);
        return new HttpClient(handler);
    }

    private bool TrustedByDevRoot(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(pki.Material.Root);
        chain.ChainPolicy.ExtraStore.AddRange(pki.Material.Intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private sealed record RunningServer(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
