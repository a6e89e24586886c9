using System.Globalization;
using System.Text.Json;
using SparkEtl.Core.Parquet;
using SparkEtl.TestSupport;

namespace SparkEtl.Core.Tests.Parquet;

/// <summary>
/// Writes rows with <see cref="ParquetFileWriter"/> and reads them back with the two independent readers,
/// DuckDB and hyparquet. A row is an object?[] in schema order: string, long (Int64 and TimestampMillis as
/// epoch ms), double, or null.
/// </summary>
internal static class ParquetReadBack
{
    /// <summary>
    /// hyparquet with every value exact in JSON: BigInt as a decimal string, non-finite doubles and -0 as
    /// strings ("NaN", "Infinity", "-Infinity", "-0"). The shared hyparquet-read.mjs turns BigInt into
    /// Number (losing precision past 2^53) and NaN/Infinity into null, which cannot check extreme values.
    /// </summary>
    private const string HyparquetExactScript = """
        import { parquetReadObjects } from 'hyparquet';
        import { compressors } from 'hyparquet-compressors';
        import { readFileSync } from 'node:fs';
        const bytes = readFileSync(process.argv[1]);
        const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        const rows = await parquetReadObjects({ file, compressors, utf8: true });
        process.stdout.write(JSON.stringify(rows, (k, v) =>
          typeof v === 'bigint' ? v.toString()
          : typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? (Object.is(v, -0) ? '-0' : String(v))
          : v));
        """;

    public static void WriteFile(string path, ParquetSchema schema, IEnumerable<object?[]> rows, ParquetWriterOptions? options = null)
    {
        using var file = File.Create(path);
        using var writer = new ParquetFileWriter(file, schema, options);
        foreach (var row in rows)
        {
            WriteRow(writer, schema, row);
        }

        writer.Complete();
    }

    public static byte[] WriteBytes(ParquetSchema schema, IEnumerable<object?[]> rows, ParquetWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, options))
        {
            foreach (var row in rows)
            {
                WriteRow(writer, schema, row);
            }

            writer.Complete();
        }

        return stream.ToArray();
    }

    public static void WriteRow(ParquetFileWriter writer, ParquetSchema schema, object?[] row)
    {
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            switch (schema.Columns[i].Type)
            {
                case ParquetColumnType.String:
                    writer.WriteString(i, (string?)row[i]);
                    break;
                case ParquetColumnType.Int64 or ParquetColumnType.TimestampMillis:
                    writer.WriteInt64(i, (long?)row[i]);
                    break;
                case ParquetColumnType.Double:
                    writer.WriteDouble(i, (double?)row[i]);
                    break;
            }
        }

        writer.EndRow();
    }

    /// <summary>Reads the file with DuckDB and hyparquet and asserts both return exactly <paramref name="rows"/>, in order.</summary>
    /// <returns>hyparquet's whole answer (schema, numRows, rowGroups, createdBy), for further checks.</returns>
    public static async Task<JsonElement> AssertBothReadersReturnAsync(string path, ParquetSchema schema, IReadOnlyList<object?[]> rows)
    {
        var duckDb = await NodeInterop.DuckDbQueryAsync(
            $"SELECT * EXCLUDE (file_row_number) FROM read_parquet({NodeInterop.SqlString(path)}, file_row_number = true) ORDER BY file_row_number");
        AssertRows("DuckDB", schema, rows, duckDb);

        var hyparquet = await NodeInterop.HyparquetReadAsync(path);
        Assert.Equal(rows.Count, hyparquet.GetProperty("numRows").GetInt64());
        AssertRows("hyparquet", schema, rows, hyparquet.GetProperty("rows").EnumerateArray().ToList());
        return hyparquet;
    }

    /// <summary>Saves <paramref name="file"/> to a temporary file and checks it as <see cref="AssertBothReadersReturnAsync(string, ParquetSchema, IReadOnlyList{object?[]})"/> does.</summary>
    public static async Task<JsonElement> AssertBothReadersReturnAsync(byte[] file, ParquetSchema schema, IReadOnlyList<object?[]> rows)
    {
        using var temp = new TempDirectory("parquet-writer");
        var path = temp.Combine("file.parquet");
        await File.WriteAllBytesAsync(path, file);
        return await AssertBothReadersReturnAsync(path, schema, rows);
    }

    /// <summary>Rows read by hyparquet with exact values (see <see cref="HyparquetExactScript"/>).</summary>
    public static async Task<IReadOnlyList<JsonElement>> HyparquetExactRowsAsync(string path)
    {
        var result = await ChildProcess.RunAsync(
            "node",
            ["--input-type=module", "-e", HyparquetExactScript, path],
            workingDirectory: RepositoryPaths.Interop);
        return JsonDocument.Parse(result.EnsureSuccess("node hyparquet (exact)").StandardOutput).RootElement.EnumerateArray().ToList();
    }

    private static void AssertRows(string reader, ParquetSchema schema, IReadOnlyList<object?[]> expected, IReadOnlyList<JsonElement> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var c = 0; c < schema.Columns.Count; c++)
            {
                var column = schema.Columns[c];
                var value = actual[r].GetProperty(column.Name);
                var where = $"{reader}, row {r}, column {column.Name}";
                AssertValue(column.Type, expected[r][c], value, where);
            }
        }
    }

    private static void AssertValue(ParquetColumnType type, object? expected, JsonElement actual, string where)
    {
        if (expected is null)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Null, $"{where}: expected null, got {actual}");
            return;
        }

        Assert.True(actual.ValueKind != JsonValueKind.Null, $"{where}: expected {expected}, got null");
        switch (type)
        {
            case ParquetColumnType.String:
                Assert.True((string)expected == actual.GetString(), $"{where}: expected \"{expected}\", got {actual}");
                break;
            case ParquetColumnType.Int64:
                Assert.True((long)expected == actual.GetInt64(), $"{where}: expected {expected}, got {actual}");
                break;
            case ParquetColumnType.Double:
                Assert.True((double)expected == actual.GetDouble(), $"{where}: expected {expected}, got {actual}");
                break;
            case ParquetColumnType.TimestampMillis:
                // Both interop helpers give timestamps as epoch milliseconds.
                Assert.True((long)expected == actual.GetInt64(), $"{where}: expected {expected} ms, got {actual}");
                break;
        }
    }
}
