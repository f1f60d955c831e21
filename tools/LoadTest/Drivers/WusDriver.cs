using System.Xml;
using Digipoort.LoadTest.Generation;
using Digipoort.LoadTest.Transport;
using Digipoort.WusClient;

namespace Digipoort.LoadTest.Drivers;

/// <summary>
/// The WUS AanleverService (<c>aanleveren</c>), one message per request, through tools/Digipoort.WusClient:
/// SOAP 1.1 with WS-Addressing and a WS-Security signature made with the same client certificate the TLS
/// connection presents (as Digipoort requires), and the signed answer parsed and verified as a real client
/// does. Both sides of that cost are part of what a WUS submission costs, so both are measured.
/// </summary>
public sealed class WusDriver(SubmissionEnvelope envelope, WusSigner signer) : ISubmissionDriver
{
    public const string Operation = "aanleveren";

    public string Name => "wus";

    public int BatchSize => 1;

    public async Task<IReadOnlyList<SubmissionOutcome>> SubmitAsync(NodeTarget target, IReadOnlyList<OutgoingMessage> messages,
        CancellationToken cancellationToken)
    {
        var message = messages.Single();
        // Cheap: a client is the pair (connection pool, address) and the prepared signer.
        var client = new DigipoortWusClient(target.Http, target.Address, signer);
        var request = WusRequests.Aanleveren(message.Variant.Berichtsoort, message.Aanleverkenmerk, envelope.BelanghebbendeNummer,
            message.Variant.Document, envelope.BelanghebbendeType, envelope.RolBelanghebbende, "text/xml", message.Variant.SampleName);
        try
        {
            return [WusAnswers.Outcome(await client.SendAsync(WusServiceName.Aanlever, Operation, request, cancellationToken))];
        }
        catch (XmlException e) when (!cancellationToken.IsCancellationRequested)
        {
            return [new SubmissionOutcome.Failed("UnreadableSoapAnswer", Answers.Shorten(e.Message))];
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException)
        {
            return [Answers.Failure(e)];
        }
    }
}
