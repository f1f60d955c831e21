using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Api.Security;

/// <summary>
/// An Organisatie-identificatienummer as PKIoverheid places it in a certificate's subject
/// serialNumber (2.5.4.5): 20 digits, an 8-digit prefix naming the register it comes from, the
/// number, and a zero suffix. Only digits are accepted, although the OIN rules allow letters in
/// the number: no register Digipoort serves issues them, and digits-only closes look-alike tricks.
/// </summary>
public readonly record struct Oin
{
    public const int Length = 20;
    public const string SerialNumberOid = "2.5.4.5";

    /// <summary>Prefix for OINs derived from a KvK number: 00000003 + 8-digit KvK number + 0000.</summary>
    public const string KvkPrefix = "00000003";

    /// <summary>
    /// The registers of the contract (§5): RSIN, Fi-nummer, KvK, SubOIN, Logius, BRIN, foreign, UZI,
    /// TRR-BD and test. 00000005 is unused by the OIN system and therefore refused like any unknown prefix.
    /// </summary>
    private static readonly HashSet<string> KnownPrefixes =
        ["00000001", "00000002", "00000003", "00000004", "00000006", "00000007", "00000008", "00000009", "00000010", "00000099"];

    public string Value { get; }

    /// <summary>The 8-digit register prefix.</summary>
    public string Prefix => Value[..8];

    private Oin(string value) => Value = value;

    /// <summary>Checks <paramref name="value"/>; on failure <paramref name="reason"/> says what is wrong.</summary>
    public static bool TryParse(string? value, out Oin oin, out string reason)
    {
        oin = default;
        reason = Check(value);
        if (reason.Length > 0) return false;
        oin = new Oin(value!);
        return true;
    }

    /// <summary>Reads the OIN from the subject's serialNumber attribute; exactly one must be present.</summary>
    public static bool TryRead(X500DistinguishedName subject, out Oin oin, out string reason)
    {
        oin = default;
        var values = DistinguishedNames.Values(subject, SerialNumberOid);
        if (values.Count != 1)
        {
            reason = values.Count == 0
                ? "The certificate subject has no serialNumber (OIN)."
                : "The certificate subject has more than one serialNumber; the OIN is ambiguous.";
            return false;
        }
        return TryParse(values[0], out oin, out reason);
    }

    public override string ToString() => Value;

    private static string Check(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "The OIN is empty.";
        if (value.Length != Length) return $"The OIN '{value}' has {value.Length} characters instead of {Length}.";
        if (!value.All(char.IsAsciiDigit)) return $"The OIN '{value}' contains characters other than digits.";
        var prefix = value[..8];
        if (!KnownPrefixes.Contains(prefix)) return $"The OIN '{value}' has prefix {prefix}, which is not a known OIN register.";
        if (prefix == KvkPrefix && !value.EndsWith("0000", StringComparison.Ordinal))
            return $"The OIN '{value}' has the KvK prefix but not the layout 00000003 + 8-digit KvK number + 0000.";
        return "";
    }
}
