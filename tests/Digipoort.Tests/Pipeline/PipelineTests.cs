using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Digipoort.Actors.Domain;
using Digipoort.Api.Rest;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Pipeline;

/// <summary>The whole pipeline on a real node: rules, content routing, fan-out, transformation, attachments, encryption.</summary>
[Collection(NodeCollection.Name)]
public sealed class PipelineTests
{
    private static readonly string ForGemeente = PipelineCatalogue.Factuur("F-1", PipelineCatalogue.GemeenteOin, 10m, 2.5m);

    [Fact]
    public async Task Fan_out_to_three_recipients_where_one_fails_delivers_to_the_others_with_statuses_per_recipient()
    {
        await using var gateway = await PipelineGateway.StartAsync(archief: _ => 503);

        var accepted = await gateway.SubmitAsync("Testfactuur", ForGemeente);
        var message = await gateway.FinalAsync(accepted.Kenmerk);
        var statuses = await gateway.Client.StatusesAsync(accepted.Kenmerk);

        Assert.Equal(["archief", "statistiek", "gemeente"], message.Afleveringen.Select(a => a.Ontvanger));
        Assert.Equal([AfleverToestand.Expired, AfleverToestand.Delivered, AfleverToestand.Delivered], message.Afleveringen.Select(a => a.Toestand));
        Assert.Equal(["archief", "statistiek", "gemeente"], statuses.Where(s => s.Statuscode == "405").Select(s => s.Ontvanger));
        Assert.Equal(FaultCodes.DeliveryExpired, statuses.Last(s => s.Ontvanger == "archief").StatusFoutcode?.Foutcode);
        Assert.Equal(["statistiek", "gemeente"], statuses.Where(s => s.Statuscode == "400").Select(s => s.Ontvanger).Order().Reverse());

        // The buyer's organisation gets the invoice as submitted; statistics gets its transformation instead.
        var gemeente = Assert.Single(gateway.Gemeente.Received);
        Assert.Equal(ForGemeente, Encoding.UTF8.GetString(gemeente.Body));
        var summary = XElement.Parse(Encoding.UTF8.GetString(Assert.Single(gateway.Statistiek.Received).Body));
        Assert.Equal(("Samenvatting", "F-1", "12.5", "2"),
            (summary.Name.LocalName, (string?)summary.Attribute("nummer"), (string?)summary.Attribute("totaal"), (string?)summary.Attribute("regels")));
        Assert.Equal("application/xml", gateway.Statistiek.Received[0].Headers["Content-Type"]);
    }

    [Fact]
    public async Task Business_rules_reject_with_311_and_each_finding_names_its_rule_line_and_position_while_warnings_pass()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        var wrongTotal = ForGemeente.Replace("<Totaal>12.5</Totaal>", "<Totaal>13</Totaal>", StringComparison.Ordinal);
        var oneLine = PipelineCatalogue.Factuur("F-2", "00000009999999999000", 4m);

        var rejected = await gateway.FinalAsync((await gateway.SubmitAsync("Testfactuur", wrongTotal)).Kenmerk);
        var passed = await gateway.FinalAsync((await gateway.SubmitAsync("Testfactuur", oneLine)).Kenmerk);

        Assert.Equal("311", rejected.LaatsteStatus!.Statuscode);
        var finding = Assert.Single(rejected.LaatsteStatus.Constateringen!);
        Assert.Equal(("TF-01", "Totaal 13 is niet de som van de regels.", 1), (finding.Code, finding.Beschrijving, finding.Regel));
        Assert.True(finding.Positie > 1);
        // An unknown buyer OIN routes to nobody extra: the static recipients still get it.
        Assert.Equal(["archief", "statistiek"], passed.Afleveringen.Select(a => a.Ontvanger));
        var validated = (await gateway.Client.StatusesAsync(passed.Afleveringen.Count > 0 ? (await gateway.MessageAsync(passed.Kenmerk)).Kenmerk : "")).Single(s => s.Statuscode == "301");
        Assert.Equal("TF-02", Assert.Single(validated.Constateringen!).Code);
    }

    [Fact]
    public async Task A_transformation_that_fails_gives_that_recipient_321_and_the_others_still_receive()
    {
        await using var gateway = await PipelineGateway.StartAsync();

        var accepted = await gateway.SubmitAsync("Testfactuur", PipelineCatalogue.Factuur("STUK", PipelineCatalogue.GemeenteOin, 1m, 2m));
        var message = await gateway.FinalAsync(accepted.Kenmerk);
        var statuses = await gateway.Client.StatusesAsync(accepted.Kenmerk);

        Assert.Equal([AfleverToestand.Delivered, AfleverToestand.NotTransformed, AfleverToestand.Delivered], message.Afleveringen.Select(a => a.Toestand));
        var failed = Assert.Single(statuses, s => s.Statuscode == "321");
        Assert.Equal(("statistiek", FaultCodes.ValidationTechnicalError), (failed.Ontvanger, failed.StatusFoutcode?.Foutcode));
        Assert.Contains("Factuur STUK kan niet worden samengevat.", failed.Statusdetails);
        Assert.Empty(gateway.Statistiek.Received);
    }

    [Fact]
    public async Task Attachments_go_separately_where_the_recipient_asks_and_inline_elsewhere_each_with_its_own_status()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        byte[] pdf = [0x25, 0x50, 0x44, 0x46, 1, 2, 3], photo = [9, 8, 7];

        var accepted = await gateway.SubmitAsync("Testfactuur", ForGemeente, ("specificatie.pdf", pdf), ("foto.pdf", photo));
        var message = await gateway.FinalAsync(accepted.Kenmerk);

        Assert.Equal([("gemeente", 0), ("gemeente", 1), ("gemeente", 2)],
            message.Afleveringen.Where(a => a.Ontvanger == "gemeente").Select(a => (a.Ontvanger, a.Deel)));
        Assert.All(message.Afleveringen, a => Assert.Equal(AfleverToestand.Delivered, a.Toestand));
        var received = gateway.Gemeente.Received;
        var main = Assert.Single(received, r => !r.Headers.ContainsKey("Digipoort-Deel"));
        Assert.Equal(ForGemeente, Encoding.UTF8.GetString(main.Body));
        Assert.Contains($"{accepted.Kenmerk}:gemeente:bijlage-1; bestandsnaam=\"specificatie.pdf\"", main.Headers["Digipoort-Bijlage"]);
        var second = Assert.Single(received, r => r.Headers.TryGetValue("Digipoort-Deel", out var deel) && deel == "bijlage-2");
        Assert.Equal(photo, second.Body);
        Assert.Equal($"{accepted.Kenmerk}:gemeente", second.Headers["Digipoort-Bijlage-Van"]);
        Assert.Equal($"{accepted.Kenmerk}:gemeente:bijlage-2", second.Headers["Idempotency-Key"]);

        // The archive takes everything in one multipart/mixed delivery.
        var archived = Assert.Single(gateway.Archief.Received);
        Assert.StartsWith("multipart/mixed", archived.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("specificatie.pdf", Encoding.Latin1.GetString(archived.Body), StringComparison.Ordinal);
        var statuses = await gateway.Client.StatusesAsync(accepted.Kenmerk);
        Assert.Contains(statuses, s => s.Statuscode == "400" && s.Statusdetails!.StartsWith("Bijlage 2 ('foto.pdf')", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recipient_with_an_encryption_certificate_receives_CMS_that_its_private_key_opens_to_the_document()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=statistiek", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var folder = new TempDirectory();
        var pem = Path.Combine(folder.Path, "statistiek.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());
        await using var gateway = await PipelineGateway.StartAsync(settings: new Dictionary<string, string>
        {
            ["Digipoort:Recipients:statistiek:EncryptionCertificate"] = pem,
        });

        var accepted = await gateway.SubmitAsync("Testfactuur", ForGemeente);
        await gateway.FinalAsync(accepted.Kenmerk);

        var received = Assert.Single(gateway.Statistiek.Received);
        Assert.StartsWith("application/pkcs7-mime", received.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("application/xml", received.Headers["Digipoort-Inhoud-Type"]);
        var cms = new EnvelopedCms();
        cms.Decode(received.Body);
        cms.Decrypt(new X509Certificate2Collection(certificate));
        Assert.Equal("Samenvatting", XElement.Parse(Encoding.UTF8.GetString(cms.ContentInfo.Content)).Name.LocalName);
        // The others get plain content.
        Assert.Equal(ForGemeente, Encoding.UTF8.GetString(Assert.Single(gateway.Gemeente.Received).Body));
    }

    [Fact]
    public async Task A_document_too_large_to_hold_as_a_tree_for_its_rules_is_refused_with_311_not_loaded()
    {
        await using var gateway = await PipelineGateway.StartAsync(settings: new Dictionary<string, string>
        {
            ["Digipoort:Validation:MaxTreeBytes"] = "100",
        });

        var message = await gateway.FinalAsync((await gateway.SubmitAsync("Testfactuur", ForGemeente)).Kenmerk);

        Assert.Equal("311", message.LaatsteStatus!.Statuscode);
        Assert.Equal("XML-TREE-SIZE", Assert.Single(message.LaatsteStatus.Constateringen!).Code);
        Assert.Empty(message.Afleveringen);
    }
}
