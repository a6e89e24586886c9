using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparkEtl.Aws.Internal;

/// <summary>
/// The AWS JSON protocol's timestamp: a JSON number of seconds since the Unix epoch with a fraction
/// (e.g. <c>1700000000.123</c>), kept to the millisecond. An ISO-8601 string is accepted on read as well.
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public static long ToUnixMilliseconds(decimal epochSeconds) =>
        (long)decimal.Round(epochSeconds * 1000m, 0, MidpointRounding.AwayFromZero);

    public static decimal ToEpochSeconds(long unixMilliseconds) => unixMilliseconds / 1000m;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected a timestamp (epoch seconds), got {reader.TokenType}.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ToUnixMilliseconds(ReadSeconds(ref reader)));
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(ToEpochSeconds(value.ToUnixTimeMilliseconds()));

    /// <summary>Reads a JSON number as decimal seconds, exponent notation included (<c>1.7000000001234E9</c>).</summary>
    internal static decimal ReadSeconds(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        if (Utf8Parser.TryParse(raw, out decimal seconds, out var consumed, 'E') && consumed == raw.Length)
        {
            return seconds;
        }

        return (decimal)reader.GetDouble();
    }
}
