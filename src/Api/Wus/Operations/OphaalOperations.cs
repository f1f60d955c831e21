using System.Xml.Linq;
using Akka.Actor;
using Akka.Hosting;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Actors.SenderViews;
using Digipoort.Actors.Storage;
using Digipoort.Api.Identity;

namespace Digipoort.Api.Wus.Operations;

/// <summary>
/// The OphaalService: the mailbox of what the gateway holds for a business. Today that is the
/// return-to-sender notice of every delivery that expired (AFS600): the original document comes back
/// with a constatering that says which recipient could not be reached and why. Lists ("…Lijst") only
/// show items; fetching an item's content marks it as no longer new for that requester.
/// </summary>
internal sealed class OphaalOperations(IRequiredActor<MessageActor> messages, MessageReadAccess access, SenderViewStore views,
    IBlobStore blobs, TimeProvider clock, WusSettings settings)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(15);

    public Task<WusResult> HandleAsync(WusCall call)
    {
        var p = call.Payload;
        var period = (From: Kv.Time(p, "tijdstempelVanaf"), To: Kv.Time(p, "tijdstempelTot"));
        var berichtsoort = Kv.Text(p, "berichtsoort") is { } soort ? Kv.Collapse(soort) : null;
        var requester = call.Requester.Value;
        return call.Operation.Name switch
        {
            "getBerichtenLijst" or "getNieuweBerichtenLijst" => ListAsync(call, new MailboxQuery(Sender: requester, Berichtsoort: berichtsoort,
                From: period.From, To: period.To, NotFetchedBy: call.Operation.Name.Contains("Nieuwe") ? requester : null, Limit: settings.MaxResults)),
            "getBerichten" or "getNieuweBerichten" => FetchAsync(call, new MailboxQuery(Berichtsoort: berichtsoort,
                Belanghebbende: Kv.Identiteit(p, "identiteitBelanghebbende"), From: period.From, To: period.To,
                NotFetchedBy: call.Operation.Name.Contains("Nieuwe") ? requester : null, Limit: settings.MaxResults)),
            "getBerichtenKenmerk" or "getNieuweBerichtenKenmerk" => FetchAsync(call, new MailboxQuery(Kenmerk: Kv.Collapse(Kv.Text(p, "kenmerk")),
                From: period.From, To: period.To, NotFetchedBy: call.Operation.Name.Contains("Nieuwe") ? requester : null, Limit: settings.MaxResults)),
            _ => throw new InvalidOperationException($"No handler for {call.Operation.Name}."),
        };
    }

    private async Task<WusResult> ListAsync(WusCall call, MailboxQuery query)
    {
        var items = await VisibleAsync(call, query);
        return StatusinformatieOperations.Wrap(call, items.Select(i => new XElement(Kv.Ns + "BerichtLijstResultaat",
            new XElement(Kv.Ns + "berichtsoort", i.Berichtsoort),
            Kv.Identiteit("identiteitBelanghebbende", new Identiteit(i.BelanghebbendeNummer, i.BelanghebbendeType)),
            new XElement(Kv.Ns + "kenmerk", i.Kenmerk))));
    }

    private async Task<WusResult> FetchAsync(WusCall call, MailboxQuery query)
    {
        var items = await VisibleAsync(call, query);
        var results = new List<XElement>(items.Count);
        foreach (var item in items)
        {
            var summary = await messages.ActorRef.Ask<MessageSummaryReply>(new GetMessageSummary(item.Kenmerk), QueryTimeout, call.CancellationToken);
            if (summary is { Found: true, Envelope: { } envelope, AcceptedAt: { } acceptedAt, Sender: { } sender })
                results.Add(await BerichtResultaatAsync(item, envelope, acceptedAt, sender, call.CancellationToken));
        }
        await views.MarkFetchedAsync(call.Requester.Value, items.Select(i => i.Id), clock.GetUtcNow(), call.CancellationToken);
        return StatusinformatieOperations.Wrap(call, results);
    }

    private async Task<IReadOnlyList<MailboxRow>> VisibleAsync(WusCall call, MailboxQuery query) =>
        [.. (await views.MailboxAsync(query, call.CancellationToken)).Where(i => access.MayRead(call.Requester,
            new MessageOwner(SenderIdentity.From(i.Sender), i.Berichtsoort, new Identiteit(i.BelanghebbendeNummer, i.BelanghebbendeType))))];

    private async Task<XElement> BerichtResultaatAsync(MailboxRow item, MessageEnvelope envelope, DateTimeOffset acceptedAt,
        SenderIdentity sender, CancellationToken cancellationToken)
    {
        var document = envelope.BerichtInhoud;
        byte[] content;
        await using (var stream = blobs.OpenRead(document.Content))
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy, cancellationToken);
            content = copy.ToArray();
        }
        return new XElement(Kv.Ns + "BerichtResultaat",
            new XElement(Kv.Ns + "kenmerk", item.Kenmerk),
            new XElement(Kv.Ns + "berichtsoort", envelope.Berichtsoort),
            new XElement(Kv.Ns + "berichtkenmerk", $"{item.Kenmerk}/retour/{item.Recipient}"),
            Kv.Optional("aanleverkenmerk", envelope.Aanleverkenmerk),
            Kv.Optional("eerderAanleverkenmerk", envelope.EerderAanleverkenmerk),
            new XElement(Kv.Ns + "tijdstempelAangeleverd", Timestamps.Format(acceptedAt)),
            Kv.Identiteit("identiteitBelanghebbende", envelope.IdentiteitBelanghebbende),
            new XElement(Kv.Ns + "rolBelanghebbende", envelope.RolBelanghebbende),
            new XElement(Kv.Ns + "identiteitAanleveraar", sender.Value),
            envelope.IdentiteitOntvanger is { } ontvanger ? Kv.Identiteit("identiteitOntvanger", ontvanger) : null,
            Kv.Optional("rolOntvanger", envelope.RolOntvanger),
            new XElement(Kv.Ns + "berichtInhoud",
                new XElement(Kv.Ns + "mimeType", document.MimeType),
                new XElement(Kv.Ns + "bestandsnaam", document.Bestandsnaam),
                new XElement(Kv.Ns + "inhoud", Convert.ToBase64String(content))),
            new XElement(Kv.Ns + "constateringenLijst", new XElement(Kv.Ns + "constatering",
                new XElement(Kv.Ns + "code", FaultCodes.DeliveryExpired),
                new XElement(Kv.Ns + "beschrijving",
                    $"Retour afzender: afleveren aan {item.Recipient} is niet gelukt binnen de afleverperiode. Laatste fout: {item.Reason}"))),
            new XElement(Kv.Ns + "additioneleElementenLijst", new XElement(Kv.Ns + "element",
                new XElement(Kv.Ns + "naam", "ontvanger"), new XElement(Kv.Ns + "waarde", item.Recipient))));
    }
}
