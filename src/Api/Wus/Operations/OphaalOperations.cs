using System.Xml.Linq;
using Digipoort.Actors.Domain;
using Digipoort.Actors.SenderViews;
using Digipoort.Actors.Storage;
using Digipoort.Api.Gateway;

namespace Digipoort.Api.Wus.Operations;

/// <summary>
/// The OphaalService: the mailbox of what the gateway holds for a business. Today that is the
/// return-to-sender notice of every delivery that expired (AFS600): the original document comes back
/// with a constatering that says which recipient could not be reached and why. Lists ("…Lijst") only
/// show items; fetching an item's content marks it as no longer new for that requester. Items and their
/// envelopes come from the read model (<see cref="MessageLists"/>); documents are streamed from the blob store.
/// </summary>
internal sealed class OphaalOperations(MessageLists lists, IBlobStore blobs, WusSettings settings)
{
    public Task<WusResult> HandleAsync(WusCall call)
    {
        var p = call.Payload;
        var period = (From: Kv.Time(p, "tijdstempelVanaf"), To: Kv.Time(p, "tijdstempelTot"));
        var berichtsoort = Kv.Text(p, "berichtsoort") is { } soort ? Kv.Collapse(soort) : null;
        var requester = call.Requester.Value;
        var notFetchedBy = call.Operation.Name.Contains("Nieuwe", StringComparison.Ordinal) ? requester : null;
        return call.Operation.Name switch
        {
            "getBerichtenLijst" or "getNieuweBerichtenLijst" => ListAsync(call, new MailboxQuery(Sender: requester, Berichtsoort: berichtsoort,
                From: period.From, To: period.To, NotFetchedBy: notFetchedBy, Limit: settings.MaxResults)),
            "getBerichten" or "getNieuweBerichten" => FetchAsync(call, new MailboxQuery(Berichtsoort: berichtsoort,
                Belanghebbende: Kv.Identiteit(p, "identiteitBelanghebbende"), From: period.From, To: period.To,
                NotFetchedBy: notFetchedBy, Limit: settings.MaxResults)),
            "getBerichtenKenmerk" or "getNieuweBerichtenKenmerk" => FetchAsync(call, new MailboxQuery(Kenmerk: Kv.Collapse(Kv.Text(p, "kenmerk")),
                From: period.From, To: period.To, NotFetchedBy: notFetchedBy, Limit: settings.MaxResults)),
            _ => throw new InvalidOperationException($"No handler for {call.Operation.Name}."),
        };
    }

    private async Task<WusResult> ListAsync(WusCall call, MailboxQuery query)
    {
        var items = await lists.MailboxAsync(call.Requester, query, call.CancellationToken);
        return StatusinformatieOperations.Wrap(call, items.Select(i => new XElement(Kv.Ns + "BerichtLijstResultaat",
            new XElement(Kv.Ns + "berichtsoort", i.Berichtsoort),
            Kv.Identiteit("identiteitBelanghebbende", i.Belanghebbende),
            new XElement(Kv.Ns + "kenmerk", i.Kenmerk))));
    }

    private async Task<WusResult> FetchAsync(WusCall call, MailboxQuery query)
    {
        var documents = await lists.FetchAsync(call.Requester, query, call.CancellationToken);
        var streamed = documents.Select(d => StreamedContent.Of(() => blobs.OpenRead(d.Envelope.BerichtInhoud.Content))).ToList();
        var response = StatusinformatieOperations.Wrap(call, documents.Select((d, i) => BerichtResultaat(d, streamed[i])));
        return new WusResult(response, null, streamed);
    }

    private static XElement BerichtResultaat(MailboxDocument document, StreamedContent content)
    {
        var (item, envelope) = (document.Item, document.Envelope);
        return new XElement(Kv.Ns + "BerichtResultaat",
            new XElement(Kv.Ns + "kenmerk", item.Kenmerk),
            new XElement(Kv.Ns + "berichtsoort", envelope.Berichtsoort),
            new XElement(Kv.Ns + "berichtkenmerk", $"{item.Kenmerk}/retour/{item.Recipient}"),
            Kv.Optional("aanleverkenmerk", envelope.Aanleverkenmerk),
            Kv.Optional("eerderAanleverkenmerk", envelope.EerderAanleverkenmerk),
            new XElement(Kv.Ns + "tijdstempelAangeleverd", Timestamps.Format(document.AcceptedAt)),
            Kv.Identiteit("identiteitBelanghebbende", envelope.IdentiteitBelanghebbende),
            new XElement(Kv.Ns + "rolBelanghebbende", envelope.RolBelanghebbende),
            new XElement(Kv.Ns + "identiteitAanleveraar", item.Sender.Value),
            envelope.IdentiteitOntvanger is { } ontvanger ? Kv.Identiteit("identiteitOntvanger", ontvanger) : null,
            Kv.Optional("rolOntvanger", envelope.RolOntvanger),
            new XElement(Kv.Ns + "berichtInhoud",
                new XElement(Kv.Ns + "mimeType", envelope.BerichtInhoud.MimeType),
                new XElement(Kv.Ns + "bestandsnaam", envelope.BerichtInhoud.Bestandsnaam),
                new XElement(Kv.Ns + "inhoud", content.Placeholder)),
            new XElement(Kv.Ns + "constateringenLijst", new XElement(Kv.Ns + "constatering",
                new XElement(Kv.Ns + "code", FaultCodes.DeliveryExpired),
                new XElement(Kv.Ns + "beschrijving",
                    $"Retour afzender: afleveren aan {item.Recipient} is niet gelukt binnen de afleverperiode. Laatste fout: {item.Reason}"))),
            new XElement(Kv.Ns + "additioneleElementenLijst", new XElement(Kv.Ns + "element",
                new XElement(Kv.Ns + "naam", "ontvanger"), new XElement(Kv.Ns + "waarde", item.Recipient))));
    }
}
