using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparkEtl.Aws.Internal;

/// <summary>Reads an epoch-seconds JSON number exactly (as decimal), exponent notation included.</summary>
internal sealed class EpochSecondsDecimalConverter : JsonConverter<decimal?>
{
    public override bool HandleNull => false;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? EpochSecondsConverter.ReadSeconds(ref reader)
            : throw new JsonException($"Expected ApproximateArrivalTimestamp as epoch seconds, got {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options) => writer.WriteNumberValue(value!.Value);
}
