using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Authorisation;

/// <summary>
/// Who may submit what, and who may read which messages. A sender may submit the berichtsoorten
/// listed for it; an intermediary may also submit, and follow, the messages of belanghebbenden it holds
/// a mandate for, while that mandate is valid. Pure: the time is an argument.
/// </summary>
public sealed class AuthorisationMatrix(IReadOnlyDictionary<string, SenderEntitlement> senders)
{
    public const string AnyBerichtsoort = "*";

    public int SenderCount => senders.Count;

    public AuthorisationDecision MaySubmit(SenderIdentity sender, string berichtsoort, Identiteit belanghebbende, DateTimeOffset now)
    {
        if (!senders.TryGetValue(sender.Value, out var entitlement))
            return AuthorisationDecision.Deny($"Sender '{sender.Value}' is not registered for any berichtsoort.");
        if (entitlement.Covers(berichtsoort))
            return AuthorisationDecision.Allow;

        var mandates = entitlement.Mandates.Where(m => m.IsFor(belanghebbende) && m.Covers(berichtsoort)).ToList();
        if (mandates.Count == 0)
            return AuthorisationDecision.Deny(entitlement.Role == SenderRole.Intermediair
                ? $"Sender '{sender.Value}' holds no mandate for belanghebbende '{belanghebbende.Nummer}' and berichtsoort '{berichtsoort}'."
                : $"Sender '{sender.Value}' is not authorised for berichtsoort '{berichtsoort}'.");
        if (!mandates.Exists(m => m.IsValidOn(now)))
            return AuthorisationDecision.Deny(
                $"The mandate of sender '{sender.Value}' for belanghebbende '{belanghebbende.Nummer}' is not valid on {now.UtcDateTime:yyyy-MM-dd} " +
                $"(valid {string.Join(", ", mandates.Select(Describe))}).");
        return AuthorisationDecision.Allow;
    }

    /// <summary>
    /// A message may be read by its sender, and by an intermediary that holds a currently valid
    /// mandate for its belanghebbende and berichtsoort. Everyone else must not learn it exists.
    /// </summary>
    public bool MayRead(SenderIdentity requester, SenderIdentity messageSender, string berichtsoort, Identiteit belanghebbende,
        DateTimeOffset now) =>
        requester == messageSender
        || (senders.TryGetValue(requester.Value, out var entitlement)
            && entitlement.Mandates.Any(m => m.IsFor(belanghebbende) && m.Covers(berichtsoort) && m.IsValidOn(now)));

    private static string Describe(Mandate m) => $"{m.ValidFrom?.ToString("yyyy-MM-dd") ?? "…"} to {m.ValidUntil?.ToString("yyyy-MM-dd") ?? "…"}";
}
