namespace Digipoort.Tests.Support;

/// <summary>
/// One request that reached a <see cref="LoopbackRecipient"/>: its 1-based attempt number, headers
/// (names case-insensitive, repeated values comma-joined), the complete body, the status answered and when it arrived.
/// </summary>
public sealed record ReceivedDelivery(
    int Attempt,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    int Status,
    DateTimeOffset ReceivedAt)
{
    public string IdempotencyKey => Headers.GetValueOrDefault("Idempotency-Key", "");

    /// <summary>The attempt number the gateway gave (Digipoort-Poging), 0 when absent.</summary>
    public int Poging => int.TryParse(Headers.GetValueOrDefault("Digipoort-Poging"), out var poging) ? poging : 0;
}
