using System.Xml;
using System.Xml.Linq;
using Digipoort.Actors.Domain;
using Digipoort.Api.Gateway;
using Digipoort.Api.Ingress;

namespace Digipoort.Api.Wus.Operations;

/// <summary>
/// aanleveren: translates the aanleverRequest into the protocol-independent intake that REST uses
/// (envelope rules, well-formedness, blob store, admission, message entity) and its outcome into an
/// aanleverResponse or an aanleverFault. The content was already streamed into staging by the reader.
/// </summary>
internal sealed class AanleverOperation(MessageGateway gateway)
{
    public async Task<WusResult> HandleAsync(WusCall call)
    {
        var request = call.Payload;
        var belanghebbende = Kv.Element(request, "identiteitBelanghebbende");
        var ontvanger = Kv.Element(request, "identiteitOntvanger");
        var fields = new EnvelopeFields(Kv.Text(request, "berichtsoort"), Kv.Text(request, "aanleverkenmerk"),
            Kv.Text(request, "eerderAanleverkenmerk"),
            belanghebbende is null ? null : Kv.Text(belanghebbende, "nummer"), belanghebbende is null ? null : Kv.Text(belanghebbende, "type"),
            Kv.Text(request, "rolBelanghebbende"),
            ontvanger is null ? null : Kv.Text(ontvanger, "nummer"), ontvanger is null ? null : Kv.Text(ontvanger, "type"),
            Kv.Text(request, "rolOntvanger"), Kv.Text(request, "autorisatieAdres"));
        var main = Document(call, Kv.Element(request, "berichtInhoud")!);
        var attachments = Kv.Element(request, "berichtBijlagen") is { } bijlagen
            ? Kv.Elements(bijlagen, "bijlage").Select(b => Document(call, b)).ToList()
            : [];

        var outcome = await gateway.SubmitAsync(call.Requester, new SubmissionParts(fields, main, attachments), call.CancellationToken);
        if (outcome is IntakeOutcome.Refused refused) return refused.Fault;
        var accepted = (IntakeOutcome.Accepted)outcome;

        // The response echoes the request's fields (contract §3.3) around the new process's kenmerk, then the latest status
        // so far and, in statusdetails (the contract's one free field), the signed receipt REST hands out as ontvangstbewijs.
        var latest = accepted.Reply.Statuses.LastOrDefault();
        return new XElement(Kv.Ns + "aanleverResponse",
            new XElement(Kv.Ns + "kenmerk", accepted.Reply.Kenmerk),
            Echo(request, "berichtsoort"), Echo(request, "aanleverkenmerk"), Echo(request, "eerderAanleverkenmerk"),
            new XElement(Kv.Ns + "tijdstempelAangeleverd", Timestamps.Format(accepted.Reply.AcceptedAt)),
            Echo(request, "identiteitBelanghebbende"), Echo(request, "rolBelanghebbende"),
            Echo(request, "identiteitOntvanger"), Echo(request, "rolOntvanger"), Echo(request, "autorisatieAdres"),
            latest is null ? null : new XElement(Kv.Ns + "statuscode", latest.Code),
            latest is null ? null : new XElement(Kv.Ns + "tijdstempelStatus", Timestamps.Format(latest.Timestamp)),
            latest is null ? null : new XElement(Kv.Ns + "statusomschrijving", latest.Description),
            latest?.FaultCode is { } code
                ? new XElement(Kv.Ns + "statusFoutcode", new XElement(Kv.Ns + "foutcode", code),
                    new XElement(Kv.Ns + "foutbeschrijving", latest.Details ?? latest.Description))
                : null,
            new XElement(Kv.Ns + "statusdetails", WusReceipt.Format(accepted.Receipt)));
    }

    private static ReceivedDocument Document(WusCall call, XmlElement inhoudType)
    {
        var inhoud = Kv.Element(inhoudType, "inhoud")!;
        return new ReceivedDocument(new DocumentFields(Kv.Text(inhoudType, "mimeType"), Kv.Text(inhoudType, "bestandsnaam")),
            call.Request.Contents[inhoud]);
    }

    private static XElement? Echo(XmlElement request, string name) =>
        Kv.Element(request, name) is { } element ? XElement.Load(new XmlNodeReader(element)) : null;
}
