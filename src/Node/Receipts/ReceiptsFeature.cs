using Digipoort.Api.Receipts;
using Digipoort.Node.Configuration;
using Digipoort.Node.FirstRun;

namespace Digipoort.Node.Receipts;

public static class ReceiptsFeature
{
    /// <summary>The signed receipt of an accepted submission: the certificate that signs it (made on first run) and the signer.</summary>
    public static IServiceCollection AddDigipoortReceipts(this IServiceCollection services, NodeOptions options, DataFolder data)
    {
        services.AddSingleton<IReceiptCertificateProvider>(new FixedReceiptCertificate(ReceiptSigningCertificate.Load(options.Receipts, data)));
        services.AddSingleton(sp => new ReceiptSigner(sp.GetRequiredService<IReceiptCertificateProvider>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
