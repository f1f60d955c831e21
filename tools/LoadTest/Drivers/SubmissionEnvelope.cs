using System.Buffers;
using System.Text.Json;
using Digipoort.LoadTest.Generation;

namespace Digipoort.LoadTest.Drivers;

/// <summary>
/// The envelope fields every message carries besides its berichtsoort and aanleverkenmerk, and the JSON
/// aanleverRequest the REST endpoints take (single and, one per line, bulk). Written with a
/// <see cref="Utf8JsonWriter"/> straight from the variant's cached base64, so a generator sharing the
/// machine with the node spends little CPU per message.
/// </summary>
public sealed record SubmissionEnvelope(string BelanghebbendeNummer, string BelanghebbendeType, string RolBelanghebbende)
{
    public static readonly SubmissionEnvelope Demo = new("001000044B37", "Fi", "Bedrijf");

    public void WriteJson(IBufferWriter<byte> output, OutgoingMessage message)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteString("berichtsoort"u8, message.Variant.Berichtsoort);
        json.WriteString("aanleverkenmerk"u8, message.Aanleverkenmerk);
        json.WriteStartObject("identiteitBelanghebbende"u8);
        json.WriteString("nummer"u8, BelanghebbendeNummer);
        json.WriteString("type"u8, BelanghebbendeType);
        json.WriteEndObject();
        json.WriteString("rolBelanghebbende"u8, RolBelanghebbende);
        json.WriteStartObject("berichtInhoud"u8);
        json.WriteString("mimeType"u8, "text/xml");
        json.WriteString("bestandsnaam"u8, message.Variant.SampleName);
        json.WriteString("inhoud"u8, message.Variant.Base64);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
