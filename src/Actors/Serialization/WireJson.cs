using System.Text.Json;
using System.Text.Json.Serialization;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Serialization;

/// <summary>The JSON settings of persisted and remoted messages.</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters =
        {
            new JsonStringEnumConverter(),
            new StringValueConverter<SenderIdentity>(v => v.Value, SenderIdentity.From),
        },
    };

    /// <summary>Writes a value type that wraps a validated string as that string.</summary>
    private sealed class StringValueConverter<T>(Func<T, string> toString, Func<string, T> fromString) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            fromString(reader.GetString() ?? throw new JsonException($"{typeof(T).Name} must be a string."));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(toString(value));
    }
}
