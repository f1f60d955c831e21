namespace Digipoort.Tests.Support;

/// <summary>
/// One request that reached a <see cref="LoopbackRecipient"/>: its 1-based attempt number, headers
/// (names case-insensitive, repeated values comma-joined), the complete body and the status answered.
/// </summary>
public sealed record ReceivedDelivery(
    int Attempt,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    int Status);
