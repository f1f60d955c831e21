using System.Text.Json;

namespace Digipoort.Api.Receipts;

/// <summary>
/// The bytes that are signed: compact UTF-8 JSON with a fixed property order, written by hand so that
/// no serializer setting, culture or library upgrade can change them. Parsing accepts only bytes that
/// serialize back to themselves, so what a verifier reads is exactly what was signed.
/// </summary>
public static class ReceiptCanonicalForm
{
    /// <summary>Names the format inside the signed bytes, so a signature cannot be passed off as one over something else.</summary>
    public const string Type = "digipoort-ontvangstbewijs/1";

    public static byte[] Serialize(Receipt receipt)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteString("type", Type);
            json.WriteString("kenmerk", receipt.Kenmerk);
            json.WriteString("berichtsoort", receipt.Berichtsoort);
            if (receipt.Aanleverkenmerk is null) json.WriteNull("aanleverkenmerk");
            else json.WriteString("aanleverkenmerk", receipt.Aanleverkenmerk);
            json.WriteString("afzender", receipt.Afzender);
            json.WriteString("tijdstempelAangeleverd", receipt.TijdstempelAangeleverd);
            json.WriteStartArray("hashes");
            foreach (var hash in receipt.Hashes)
            {
                json.WriteStartObject();
                json.WriteString("naam", hash.Naam);
                json.WriteString("sha256", hash.Sha256);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static bool TryParse(ReadOnlySpan<byte> content, out Receipt? receipt)
    {
        receipt = null;
        try
        {
            var reader = new Utf8JsonReader(content);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != Type) return false;
            var hashes = root.TryGetProperty("hashes", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Select(h => new PayloadHash(Text(h, "naam")!, Text(h, "sha256")!)).ToList()
                : null;
            if (hashes is null || hashes.Any(h => h.Naam is null || h.Sha256 is null)) return false;
            if (Text(root, "kenmerk") is not { } kenmerk || Text(root, "berichtsoort") is not { } berichtsoort
                || Text(root, "afzender") is not { } afzender || Text(root, "tijdstempelAangeleverd") is not { } at)
                return false;
            var candidate = new Receipt(kenmerk, berichtsoort, Text(root, "aanleverkenmerk"), afzender, at, hashes);
            if (!Serialize(candidate).AsSpan().SequenceEqual(content)) return false;
            receipt = candidate;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
