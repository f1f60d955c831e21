using System.Security.Cryptography;
using System.Text;

namespace Digipoort.Actors.Domain;

/// <summary>
/// The gateway's id of one processing instance ("proces"): a UUID string, at most 40 characters
/// (kenmerkType). It is also the sharding entity id of the message's actor.
/// </summary>
public readonly record struct Kenmerk
{
    public const int MaxLength = 40;

    public string Value { get; }

    private Kenmerk(string value) => Value = value;

    /// <summary>A fresh kenmerk for a submission that carries no aanleverkenmerk.</summary>
    public static Kenmerk New() => new(Guid.CreateVersion7().ToString());

    /// <summary>
    /// The kenmerk of a submission that carries an aanleverkenmerk is derived from the sender and that
    /// aanleverkenmerk, so a re-submission lands on the same actor, which can then answer with the
    /// existing process (same payload) or refuse it (different payload) without any index lookup.
    /// The UUID is name-based (RFC 9562 version 8: SHA-256 of the pair).
    /// </summary>
    public static Kenmerk ForSubmission(SenderIdentity sender, string aanleverkenmerk) =>
        NameBased($"digipoort/kenmerk/v1\n{sender.Value}\n{aanleverkenmerk}");

    /// <summary>
    /// The kenmerk of item <paramref name="index"/> of a batch, derived the same way, so cutting a batch
    /// again after a crash reaches the same item messages, and an item's kenmerk never has to be stored.
    /// </summary>
    public static Kenmerk ForBatchItem(Kenmerk batch, int index) =>
        NameBased($"digipoort/batch-item/v1\n{batch.Value}\n{index}");

    private static Kenmerk NameBased(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Kenmerk(new Guid(bytes, bigEndian: true).ToString());
    }

    public static bool TryParse(string? value, out Kenmerk kenmerk)
    {
        kenmerk = default;
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || !Guid.TryParse(value, out var guid))
            return false;
        kenmerk = new Kenmerk(guid.ToString());
        return true;
    }

    public static Kenmerk Parse(string value) =>
        TryParse(value, out var kenmerk) ? kenmerk : throw new FormatException($"'{value}' is not a kenmerk.");

    public override string ToString() => Value;
}
