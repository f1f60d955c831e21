using Digipoort.Api.Receipts;

namespace Digipoort.Api.Wus;

/// <summary>
/// The signed receipt as the AanleverService hands it out: the aanleverResponse has no element of its own for it, so it
/// goes into <c>statusdetails</c> (a normalizedString) as <c>ontvangstbewijs algoritme=… inhoud=… handtekening=…</c>, the
/// same three values as REST's <c>ontvangstbewijs</c> object, verifiable with POST /api/v1/receipts/verify or openssl.
/// </summary>
public static class WusReceipt
{
    public const string Marker = "ontvangstbewijs";

    public static string Format(SignedReceipt receipt) =>
        $"{Marker} algoritme={SignedReceipt.Algorithm} inhoud={Convert.ToBase64String(receipt.Content)} handtekening={Convert.ToBase64String(receipt.Signature)}";

    /// <summary>The receipt's three values from a statusdetails, or null when it holds none.</summary>
    public static OntvangstbewijsDto? Parse(string? statusdetails)
    {
        var parts = (statusdetails ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not [Marker, ..]) return null;
        var values = parts.Skip(1).Select(p => p.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        return new OntvangstbewijsDto(values.GetValueOrDefault("inhoud"), values.GetValueOrDefault("handtekening"), values.GetValueOrDefault("algoritme"));
    }
}
