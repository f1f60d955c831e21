using System.Xml.Linq;
using Akka.Actor;
using Akka.Hosting;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing.Authorisation;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.SenderViews;
using Digipoort.Api.Identity;
using Digipoort.Api.Problems;
using Digipoort.Wus.Protocol;

namespace Digipoort.Api.Wus.Operations;

/// <summary>
/// The StatusinformatieService. Statuses always come from the message entity itself (the same query REST
/// asks); the sender-view read model only says which processes exist for a belanghebbende and up to
/// when each requester has been handed their statuses ("Nieuwe" = not yet handed to this requester).
/// </summary>
internal sealed class StatusinformatieOperations(IRequiredActor<MessageActor> messages, MessageReadAccess access,
    AuthorisationMatrixProvider matrix, CatalogueProvider catalogue, SenderViewStore views, TimeProvider clock, WusSettings settings)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(15);

    public Task<WusResult> HandleAsync(WusCall call) => call.Operation.Name switch
    {
        "getBerichtsoorten" => Task.FromResult(Berichtsoorten(call)),
        "getProcessen" => ProcessenAsync(call),
        "getStatussenProces" => StatussenProcesAsync(call, onlyNew: false),
        "getNieuweStatussenProces" => StatussenProcesAsync(call, onlyNew: true),
        "getNieuweStatussen" => NieuweStatussenAsync(call),
        _ => throw new InvalidOperationException($"No handler for {call.Operation.Name}."),
    };

    private WusResult Berichtsoorten(WusCall call)
    {
        var belanghebbende = Kv.Identiteit(call.Payload, "identiteitBelanghebbende")!;
        var now = clock.GetUtcNow();
        return Wrap(call, catalogue.Current.All
            .Where(t => matrix.Current.MaySubmit(call.Requester, t.Berichtsoort, belanghebbende, now).Allowed)
            .Select(t => new XElement(Kv.Ns + "berichtsoort", t.Berichtsoort)));
    }

    private async Task<WusResult> ProcessenAsync(WusCall call)
    {
        var berichtsoort = Kv.Collapse(Kv.Text(call.Payload, "berichtsoort"));
        var belanghebbende = Kv.Identiteit(call.Payload, "identiteitBelanghebbende")!;
        var rows = await views.ProcessesAsync(berichtsoort, belanghebbende, changedAfter: null, settings.MaxResults, call.CancellationToken);
        return Wrap(call, rows.Where(r => access.MayRead(call.Requester, Owner(r)))
            .Select(r => new XElement(Kv.Ns + "ProcesResultaat",
                new XElement(Kv.Ns + "kenmerk", r.Kenmerk),
                new XElement(Kv.Ns + "berichtsoort", r.Berichtsoort),
                Kv.Identiteit("identiteitBelanghebbende", belanghebbende))));
    }

    private async Task<WusResult> StatussenProcesAsync(WusCall call, bool onlyNew)
    {
        var text = Kv.Collapse(Kv.Text(call.Payload, "kenmerk"));
        if (!Kenmerk.TryParse(text, out var kenmerk))
            return WusFault.InterfaceViolation(call.Operation.Service, "kenmerk must be a UUID.");
        var (from, to, periodFault) = Period(call);
        if (periodFault is not null) return periodFault;

        var scope = "proces:" + kenmerk.Value;
        var mark = onlyNew ? await views.ReadMarkAsync(call.Requester.Value, scope, call.CancellationToken) : null;
        var reply = await messages.ActorRef.Ask<MessageStatusesReply>(new GetMessageStatuses(kenmerk.Value, Later(from, mark), to),
            QueryTimeout, call.CancellationToken);
        if (!access.MayRead(call.Requester, reply.Owner)) return WusFault.From(Fault.UnknownKenmerk(kenmerk.Value));

        var statuses = reply.Statuses.Where(s => mark is null || s.Timestamp > mark).ToList();
        if (onlyNew && statuses.Count > 0) await views.SetReadMarkAsync(call.Requester.Value, scope, statuses.Max(s => s.Timestamp), call.CancellationToken);
        return Wrap(call, statuses.Select(s => StatusResultaat(reply.Kenmerk, reply.Owner!.Belanghebbende, s)));
    }

    private async Task<WusResult> NieuweStatussenAsync(WusCall call)
    {
        var berichtsoort = Kv.Collapse(Kv.Text(call.Payload, "berichtsoort"));
        var belanghebbende = Kv.Identiteit(call.Payload, "identiteitBelanghebbende")!;
        var (from, to, periodFault) = Period(call);
        if (periodFault is not null) return periodFault;

        var scope = $"soort:{berichtsoort}|{belanghebbende.Nummer}|{belanghebbende.Type}";
        var mark = await views.ReadMarkAsync(call.Requester.Value, scope, call.CancellationToken);
        var rows = await views.ProcessesAsync(berichtsoort, belanghebbende, mark ?? DateTimeOffset.MinValue, settings.MaxResults, call.CancellationToken);
        var found = new List<(string Kenmerk, StatusEntry Status)>();
        foreach (var row in rows.Where(r => access.MayRead(call.Requester, Owner(r))))
        {
            var reply = await messages.ActorRef.Ask<MessageStatusesReply>(new GetMessageStatuses(row.Kenmerk, Later(from, mark), to),
                QueryTimeout, call.CancellationToken);
            found.AddRange(reply.Statuses.Where(s => mark is null || s.Timestamp > mark).Select(s => (row.Kenmerk, s)));
        }
        if (found.Count > 0) await views.SetReadMarkAsync(call.Requester.Value, scope, found.Max(f => f.Status.Timestamp), call.CancellationToken);
        return Wrap(call, found.OrderBy(f => f.Status.Timestamp).Select(f => StatusResultaat(f.Kenmerk, belanghebbende, f.Status)));
    }

    private static (DateTimeOffset? From, DateTimeOffset? To, WusFault? Fault) Period(WusCall call)
    {
        var from = Kv.Time(call.Payload, "tijdstempelVanaf");
        var to = Kv.Time(call.Payload, "tijdstempelTot");
        return from > to
            ? (null, null, WusFault.InterfaceViolation(call.Operation.Service, "tijdstempelVanaf must not be later than tijdstempelTot."))
            : (from, to, null);
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    internal static MessageOwner Owner(ProcessRow row) =>
        new(SenderIdentity.From(row.Sender), row.Berichtsoort, new Identiteit(row.BelanghebbendeNummer, row.BelanghebbendeType));

    private static XElement StatusResultaat(string kenmerk, Identiteit belanghebbende, StatusEntry status) =>
        new(Kv.Ns + "StatusResultaat",
            new XElement(Kv.Ns + "kenmerk", kenmerk),
            Kv.Identiteit("identiteitBelanghebbende", belanghebbende),
            new XElement(Kv.Ns + "statuscode", status.Code),
            new XElement(Kv.Ns + "tijdstempelStatus", Timestamps.Format(status.Timestamp)),
            new XElement(Kv.Ns + "statusomschrijving", status.Description),
            status.FaultCode is { } code
                ? new XElement(Kv.Ns + "statusFoutcode", new XElement(Kv.Ns + "foutcode", code),
                    new XElement(Kv.Ns + "foutbeschrijving", status.Details ?? status.Description))
                : null,
            Kv.Optional("statusdetails", Details(status)));

    /// <summary>The details, naming the recipient of a delivery status.</summary>
    private static string? Details(StatusEntry status) =>
        status.Recipient is { } recipient ? $"ontvanger: {recipient}" + (status.Details is { } d ? "; " + d : "") : status.Details;

    /// <summary>get…Response/get…Return around the results.</summary>
    internal static XElement Wrap(WusCall call, IEnumerable<XElement> results) =>
        new(Kv.Ns + call.Operation.ResponseElement, new XElement(Kv.Ns + call.Operation.Name + "Return", results));
}
