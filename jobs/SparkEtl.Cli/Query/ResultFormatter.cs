using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SparkEtl.Cli.Query;

/// <summary>
/// Writes a query's rows as an aligned table, CSV (RFC 4180, with a header) or JSON lines (one object per row). Times are
/// ISO-8601 UTC (<c>2024-03-15T14:30:00.000Z</c>), days <c>yyyy-MM-dd</c>, numbers in invariant culture, bytes base64.
/// </summary>
internal static class ResultFormatter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<long> WriteTableAsync(DbDataReader reader, TextWriter output, CancellationToken cancellationToken)
    {
        var columns = Columns(reader);
        var rows = new List<string[]>();
        var numeric = new bool[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            numeric[i] = IsNumeric(reader.GetFieldType(i));
        }

        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new string[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "NULL" : Text(reader.GetValue(i));
            }

            rows.Add(row);
        }

        var widths = columns.Select((c, i) => rows.Select(r => r[i].Length).Append(c.Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, i) => numeric[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd();
        await output.WriteLineAsync(Line(columns)).ConfigureAwait(false);
        await output.WriteLineAsync(string.Join("  ", widths.Select(w => new string('-', w)))).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await output.WriteLineAsync(Line(row)).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"({rows.Count} row{(rows.Count == 1 ? "" : "s")})")).ConfigureAwait(false);
        return rows.Count;
    }

    public static async Task<long> WriteCsvAsync(DbDataReader reader, TextWriter output, CancellationToken cancellationToken)
    {
        var columns = Columns(reader);
        await output.WriteLineAsync(string.Join(',', columns.Select(Csv))).ConfigureAwait(false);
        var count = 0L;
        var cells = new string[columns.Length];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < columns.Length; i++)
            {
                cells[i] = reader.IsDBNull(i) ? "" : Csv(Text(reader.GetValue(i)));
            }

            await output.WriteLineAsync(string.Join(',', cells)).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <param name="jsonColumns">Columns whose values are JSON text, written as JSON values rather than strings.</param>
    public static async Task<long> WriteJsonLinesAsync(DbDataReader reader, IReadOnlySet<int> jsonColumns, TextWriter output, CancellationToken cancellationToken)
    {
        var columns = Columns(reader);
        var count = 0L;
        using var buffer = new MemoryStream();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                json.WriteStartObject();
                for (var i = 0; i < columns.Length; i++)
                {
                    json.WritePropertyName(columns[i]);
                    if (jsonColumns.Contains(i) && !reader.IsDBNull(i))
                    {
                        json.WriteRawValue(reader.GetString(i));
                    }
                    else
                    {
                        WriteJson(json, reader.IsDBNull(i) ? null : reader.GetValue(i));
                    }
                }

                json.WriteEndObject();
            }

            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>A value as text: times ISO-8601 UTC, numbers invariant.</summary>
    public static string Text(object value) => value switch
    {
        DateTime time => Iso(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset time => Iso(time.UtcDateTime),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteJson(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case double d when !double.IsFinite(d):
                json.WriteStringValue(Text(d));
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or BigInteger:
                json.WriteRawValue(Text(value));
                break;
            default:
                json.WriteStringValue(Text(value));
                break;
        }
    }

    private static string[] Columns(DbDataReader reader) => [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];

    private static bool IsNumeric(Type type) =>
        type == typeof(sbyte) || type == typeof(byte) || type == typeof(short) || type == typeof(ushort) || type == typeof(int) || type == typeof(uint)
        || type == typeof(long) || type == typeof(ulong) || type == typeof(float) || type == typeof(double) || type == typeof(decimal) || type == typeof(BigInteger);

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
