using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Digipoort.Api.Rest;
using Digipoort.LoadTest.Load;
using Digipoort.LoadTest.Transport;

namespace Digipoort.LoadTest.Verification;

/// <summary>
/// After the load, follows every accepted kenmerk on the node that accepted it
/// (<c>GET /api/v1/messages/{kenmerk}</c>) until the node says it is final, in rounds, until all are
/// final or the timeout passes. Whatever is not final by then is lost, with the last thing the node said.
/// A batch is followed into its items: as soon as the overview shows it was cut (<c>batch</c>), its items'
/// kenmerken are listed (<c>GET …/{kenmerk}/items</c>, paged) and each is followed like a message of its
/// own, so an item that never ends is lost even though its batch was accepted. A batch counts as done
/// when it is final and its items are listed.
/// </summary>
public sealed class FinalStatusFollower(IReadOnlyList<NodeTarget> targets, int concurrency)
{
    private static readonly TimeSpan RoundPause = TimeSpan.FromMilliseconds(500);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The node's largest page of batch items.</summary>
    private const int ItemsPage = 1000;

    /// <param name="progress">Called after each round with (final, still pending), batch items included.</param>
    public async Task<FollowResult> FollowAsync(IReadOnlyList<AcceptedMessage> accepted, TimeSpan timeout, Action<int, int>? progress,
        CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var finals = new ConcurrentDictionary<string, FinalState>(StringComparer.Ordinal);
        var lastSeen = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var items = new ConcurrentDictionary<string, BatchItemOf>(StringComparer.Ordinal);
        var listed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var pending = accepted.DistinctBy(m => m.Kenmerk).Select(m => new Followed(m.Kenmerk, m.TargetIndex)).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        LookupRate? firstRound = null;
        while (true)
        {
            var roundStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            var finalBefore = finals.Count;
            var found = new ConcurrentBag<Followed>();
            await Parallel.ForEachAsync(pending, options, async (message, token) =>
            {
                var target = targets[message.TargetIndex];
                var (final, seen, batchItems) = await LookUpAsync(target, message.Kenmerk, token);
                if (batchItems > 0 && !listed.ContainsKey(message.Kenmerk))
                {
                    var (page, problem) = await ListItemsAsync(target, message.Kenmerk, batchItems, token);
                    if (page is null)
                    {
                        lastSeen[message.Kenmerk] = $"{seen}; its items could not be listed: {problem}";
                        return;
                    }
                    foreach (var item in page)
                    {
                        items[item.Kenmerk] = new BatchItemOf(message.Kenmerk, item.Volgnummer);
                        found.Add(new Followed(item.Kenmerk, message.TargetIndex));
                    }
                    listed[message.Kenmerk] = true;
                }
                if (final is not null) finals[message.Kenmerk] = final;
                else lastSeen[message.Kenmerk] = seen;
            });
            firstRound ??= new LookupRate(pending.Count, finals.Count - finalBefore,
                System.Diagnostics.Stopwatch.GetElapsedTime(roundStarted).TotalSeconds);
            pending = [.. pending.Where(m => !finals.ContainsKey(m.Kenmerk)), .. found];
            progress?.Invoke(finals.Count, pending.Count);
            if (pending.Count == 0 || DateTimeOffset.UtcNow > deadline) break;
            await Task.Delay(RoundPause, cancellationToken);
        }
        return new FollowResult(finals,
            pending.ToDictionary(m => m.Kenmerk, m => lastSeen.GetValueOrDefault(m.Kenmerk, "never looked up"), StringComparer.Ordinal),
            items, firstRound);
    }

    /// <returns>The final state (or null and a description of what was seen instead), and the batch's item count when it was cut.</returns>
    private static async Task<(FinalState? Final, string Seen, int BatchItems)> LookUpAsync(NodeTarget target, string kenmerk,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await target.Http.GetAsync(new Uri(target.Address, $"/api/v1/messages/{kenmerk}"), cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK) return (null, $"HTTP {(int)response.StatusCode} from {target.Address}", 0);
            var overview = await response.Content.ReadFromJsonAsync<Overview>(Json, cancellationToken);
            if (overview is null) return (null, "an empty answer", 0);
            var seen = $"phase {overview.Fase}, last status {overview.LaatsteStatus?.Statuscode ?? "none"}";
            var batch = overview.Batch is { } b ? new BatchCounts(b.Onderdelen, b.Afgerond, b.Afgeleverd, b.NietAfgeleverd) : null;
            if (!overview.Afgerond) return (null, seen, batch?.Items ?? 0);
            var deliveries = overview.Afleveringen ?? [];
            return (new FinalState(kenmerk, overview.Fase, overview.LaatsteStatus?.Statuscode, overview.LaatsteStatus?.StatusFoutcode?.Foutcode,
                DateTimeOffset.TryParse(overview.LaatsteStatus?.TijdstempelStatus, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
                [.. deliveries.Where(d => d.Toestand == AfleverToestand.Delivered).Select(d => d.Ontvanger)],
                [.. deliveries.Where(d => d.Toestand is AfleverToestand.Refused or AfleverToestand.Expired).Select(d => d.Ontvanger)], batch),
                seen, batch?.Items ?? 0);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, $"lookup failed: {e.Message}", 0);
        }
    }

    /// <returns>Every item of the batch, or null and why not.</returns>
    private static async Task<(IReadOnlyList<ItemEntry>? Items, string Problem)> ListItemsAsync(NodeTarget target, string batch, int count,
        CancellationToken cancellationToken)
    {
        var all = new List<ItemEntry>(count);
        try
        {
            while (all.Count < count)
            {
                var page = new Uri(target.Address, $"/api/v1/messages/{batch}/items?offset={all.Count}&limit={ItemsPage}");
                using var response = await target.Http.GetAsync(page, cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK) return (null, $"HTTP {(int)response.StatusCode}");
                var answer = await response.Content.ReadFromJsonAsync<ItemsPageAnswer>(Json, cancellationToken);
                if (answer?.Items is not { Count: > 0 } entries) return (null, $"a page without items at offset {all.Count} of {count}");
                all.AddRange(entries);
            }
            return (all, "");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, e.Message);
        }
    }

    private sealed record Followed(string Kenmerk, int TargetIndex);

    private sealed record Overview(MessageFase? Fase, bool Afgerond, OverviewStatus? LaatsteStatus, IReadOnlyList<OverviewDelivery>? Afleveringen,
        OverviewBatch? Batch);

    private sealed record OverviewStatus(string Statuscode, string? TijdstempelStatus, OverviewFault? StatusFoutcode);

    private sealed record OverviewFault(string Foutcode);

    private sealed record OverviewDelivery(string Ontvanger, AfleverToestand Toestand);

    private sealed record OverviewBatch(int Onderdelen, int Afgerond, int Afgeleverd, int NietAfgeleverd);

    private sealed record ItemsPageAnswer(IReadOnlyList<ItemEntry>? Items);

    private sealed record ItemEntry(int Volgnummer, string Kenmerk);
}

/// <summary>Which batch an item was cut from, and its 1-based place in the batch.</summary>
public sealed record BatchItemOf(string Batch, int Volgnummer);

/// <param name="Finals">Final states by kenmerk, batch items included.</param>
/// <param name="Lost">Kenmerken (accepted messages and batch items) never seen final, with the last thing the node said about each.</param>
/// <param name="Items">The batch items followed, by kenmerk.</param>
/// <param name="FirstRound">How fast the first round looked every kenmerk up, once (null: nothing to follow).</param>
public sealed record FollowResult(IReadOnlyDictionary<string, FinalState> Finals, IReadOnlyDictionary<string, string> Lost,
    IReadOnlyDictionary<string, BatchItemOf> Items, LookupRate? FirstRound = null);

/// <summary>
/// One round of look-ups (<c>GET /api/v1/messages/{kenmerk}</c>, each kenmerk once): how many, how many answered final,
/// and how long the round took. Right after a run nearly all have ended, so this is the node's rate of overview queries
/// for messages that have ended, with the load tool on the same machine.
/// </summary>
public sealed record LookupRate(int Lookups, int AnsweredFinal, double Seconds)
{
    public double PerSecond => Seconds > 0 ? Lookups / Seconds : 0;
}
