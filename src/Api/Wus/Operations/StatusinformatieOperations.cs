using System.Xml.Linq;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Processing.Authorisation;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Api.Gateway;
using Digipoort.Api.Problems;

namespace Digipoort.Api.Wus.Operations;

/// <summary>
/// The StatusinformatieService. One process's statuses come from the message itself (the same question REST asks, through
/// <see cref="MessageGateway"/>); lists over a berichtsoort and belanghebbende come from the read model
/// (<see cref="MessageLists"/>), which also keeps up to when each requester has been handed their statuses
/// ("Nieuwe" = not yet handed to this requester).
/// </summary>
internal sealed class StatusinformatieOperations(MessageGateway gateway, MessageLists lists, AuthorisationMatrixProvider matrix,
    CatalogueProvider catalogue, TimeProvider clock, WusSettings settings)
{
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
        var processes = await lists.ProcessesAsync(call.Requester, berichtsoort, belanghebbende, settings.MaxResults, call.CancellationToken);
        return Wrap(call, processes.Select(p => new XElement(Kv.Ns + "ProcesResultaat",
            new XElement(Kv.Ns + "kenmerk", p.Kenmerk),
            new XElement(Kv.Ns + "berichtsoort", p.Berichtsoort),
            Kv.Identiteit("identiteitBelanghebbende", p.Belanghebbende))));
    }

    private async Task<WusResult> StatussenProcesAsync(WusCall call, bool onlyNew)
    {
        var text = Kv.Collapse(Kv.Text(call.Payload, "kenmerk"));
        if (!Kenmerk.TryParse(text, out var kenmerk))
            return Fault.InvalidRequest("kenmerk must be a UUID.");
        var (from, to, periodFault) = Period(call);
        if (periodFault is not null) return periodFault;

        var mark = onlyNew ? await lists.ProcessReadMarkAsync(call.Requester, kenmerk, call.CancellationToken) : null;
        var answer = await gateway.StatusesAsync(call.Requester, kenmerk, Later(from, mark), to, call.CancellationToken);
        if (answer.Value is not { } reply) return answer.Fault!;

        var statuses = reply.Statuses.Where(s => mark is null || s.Timestamp > mark).ToList();
        if (onlyNew && statuses.Count > 0)
            await lists.SetProcessReadMarkAsync(call.Requester, kenmerk, statuses.Max(s => s.Timestamp), call.CancellationToken);
        return Wrap(call, statuses.Select(s => StatusResultaat(reply.Kenmerk, reply.Owner!.Belanghebbende, s)));
    }

    private async Task<WusResult> NieuweStatussenAsync(WusCall call)
    {
        var berichtsoort = Kv.Collapse(Kv.Text(call.Payload, "berichtsoort"));
        var belanghebbende = Kv.Identiteit(call.Payload, "identiteitBelanghebbende")!;
        var (from, to, periodFault) = Period(call);
        if (periodFault is not null) return periodFault;

        var statuses = await lists.NewStatusesAsync(call.Requester, berichtsoort, belanghebbende, from, to, settings.MaxResults,
            call.CancellationToken);
        return Wrap(call, statuses.Select(s => StatusResultaat(s.Kenmerk, s.Belanghebbende, s.Status)));
    }

    private static (DateTimeOffset? From, DateTimeOffset? To, Fault? Fault) Period(WusCall call)
    {
        var from = Kv.Time(call.Payload, "tijdstempelVanaf");
        var to = Kv.Time(call.Payload, "tijdstempelTot");
        return from > to
            ? (null, null, Fault.InvalidRequest("tijdstempelVanaf must not be later than tijdstempelTot."))
            : (from, to, null);
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

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
