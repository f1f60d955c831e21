using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Digipoort.LoadTest.Load;
using Digipoort.LoadTest.Transport;

namespace Digipoort.LoadTest.Verification;

/// <summary>
/// After the load, follows every accepted kenmerk on the node that accepted it
/// (<c>GET /api/v1/messages/{kenmerk}</c>) until the node says it is final, in rounds, until all are
/// final or the timeout passes. Whatever is not final by then is lost, with the last thing the node said.
/// </summary>
public sealed class FinalStatusFollower(IReadOnlyList<NodeTarget> targets, int concurrency)
{
    private static readonly TimeSpan RoundPause = TimeSpan.FromMilliseconds(500);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="progress">Called after each round with (final, still pending).</param>
    public async Task<FollowResult> FollowAsync(IReadOnlyList<AcceptedMessage> accepted, TimeSpan timeout, Action<int, int>? progress,
        CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var finals = new ConcurrentDictionary<string, FinalState>(StringComparer.Ordinal);
        var lastSeen = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var pending = accepted.DistinctBy(m => m.Kenmerk).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        while (true)
        {
            await Parallel.ForEachAsync(pending, options, async (message, token) =>
            {
                var (final, seen) = await LookUpAsync(targets[message.TargetIndex], message.Kenmerk, token);
                if (final is not null) finals[message.Kenmerk] = final;
                else lastSeen[message.Kenmerk] = seen;
            });
            pending = [.. pending.Where(m => !finals.ContainsKey(m.Kenmerk))];
            progress?.Invoke(finals.Count, pending.Count);
            if (pending.Count == 0 || DateTimeOffset.UtcNow > deadline) break;
            await Task.Delay(RoundPause, cancellationToken);
        }
        return new FollowResult(finals, pending.ToDictionary(m => m.Kenmerk, m => lastSeen.GetValueOrDefault(m.Kenmerk, "never looked up"), StringComparer.Ordinal));
    }

    /// <returns>The final state, or null and a description of what was seen instead.</returns>
    private static async Task<(FinalState? Final, string Seen)> LookUpAsync(NodeTarget target, string kenmerk, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await target.Http.GetAsync(new Uri(target.Address, $"/api/v1/messages/{kenmerk}"), cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK) return (null, $"HTTP {(int)response.StatusCode} from {target.Address}");
            var overview = await response.Content.ReadFromJsonAsync<Overview>(Json, cancellationToken);
            if (overview is null) return (null, "an empty answer");
            var seen = $"phase {overview.Fase}, last status {overview.LaatsteStatus?.Statuscode ?? "none"}";
            if (!overview.Afgerond) return (null, seen);
            var deliveries = overview.Afleveringen ?? [];
            return (new FinalState(kenmerk, overview.Fase ?? "", overview.LaatsteStatus?.Statuscode, overview.LaatsteStatus?.StatusFoutcode?.Foutcode,
                DateTimeOffset.TryParse(overview.LaatsteStatus?.TijdstempelStatus, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
                [.. deliveries.Where(d => d.Toestand == "Delivered").Select(d => d.Ontvanger)],
                [.. deliveries.Where(d => d.Toestand is "Refused" or "Expired").Select(d => d.Ontvanger)]), seen);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, $"lookup failed: {e.Message}");
        }
    }

    private sealed record Overview(string? Fase, bool Afgerond, OverviewStatus? LaatsteStatus, IReadOnlyList<OverviewDelivery>? Afleveringen);

    private sealed record OverviewStatus(string Statuscode, string? TijdstempelStatus, OverviewFault? StatusFoutcode);

    private sealed record OverviewFault(string Foutcode);

    private sealed record OverviewDelivery(string Ontvanger, string Toestand);
}

/// <param name="Finals">Final states by kenmerk.</param>
/// <param name="Lost">Kenmerken never seen final, with the last thing the node said about each.</param>
public sealed record FollowResult(IReadOnlyDictionary<string, FinalState> Finals, IReadOnlyDictionary<string, string> Lost);
