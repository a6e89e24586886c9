using System.Globalization;
using System.Text.Json;
using SparkEtl.Core.Parquet;
using SparkEtl.TestSupport;

namespace SparkEtl.Core.Tests.Parquet;

/// <summary>Files written by <see cref="ParquetFileWriter"/>, read back by DuckDB and hyparquet.</summary>
public sealed class ParquetFileWriterReadBackTests : IDisposable
{
    private static readonly ParquetSchema AllTypes = new("all_types",
    [
        new ParquetColumn("s_req", ParquetColumnType.String, Nullable: false),
        new ParquetColumn("s_opt", ParquetColumnType.String, Nullable: true),
        new ParquetColumn("i_req", ParquetColumnType.Int64, Nullable: false),
        new ParquetColumn("i_opt", ParquetColumnType.Int64, Nullable: true),
        new ParquetColumn("d_req", ParquetColumnType.Double, Nullable: false),
        new ParquetColumn("d_opt", ParquetColumnType.Double, Nullable: true),
        new ParquetColumn("t_req", ParquetColumnType.TimestampMillis, Nullable: false),
        new ParquetColumn("t_opt", ParquetColumnType.TimestampMillis, Nullable: true),
    ]);

    private static readonly ParquetSchema Trades = new("trades",
    [
        new ParquetColumn("ticker_symbol", ParquetColumnType.String, Nullable: false),
        new ParquetColumn("sector", ParquetColumnType.String, Nullable: true),
        new ParquetColumn("price", ParquetColumnType.Double, Nullable: false),
        new ParquetColumn("event_time", ParquetColumnType.TimestampMillis, Nullable: false),
        new ParquetColumn("quantity", ParquetColumnType.Int64, Nullable: true),
    ]);

    private static readonly string[] Texts =
    [
        "", "JIB", "Zürich", "日本語のテキスト", "emoji 😀 and 𝄞", "naïve café", "quote \" and 'apostrophe'",
        "line\nbreak\ttab", "\u00ff\u0100", "back\\slash",
    ];

    private readonly TempDirectory _temp = new("parquet-writer");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AllTypes_RequiredAndNullable_BothReadersReturnTheRowsWritten()
    {
        var rows = Enumerable.Range(0, 60).Select(i => new object?[]
        {
            Texts[i % Texts.Length],
            i % 3 == 0 ? null : Texts[(i * 7) % Texts.Length],
            (long)(i * 1_000_003) - 30_000_000,
            i % 4 == 1 ? null : -(long)i * 99_991,
            (i * 0.37) - 5.5,
            i % 5 == 2 ? null : 1e-300 * i,
            1_700_000_000_000L + (i * 61_000L),
            i % 3 == 1 ? null : -86_400_000L + i,
        }).ToList();
        var path = _temp.Combine("all-types.parquet");

        ParquetReadBack.WriteFile(path, AllTypes, rows);

        var hyparquet = await ParquetReadBack.AssertBothReadersReturnAsync(path, AllTypes, rows);
        var schema = hyparquet.GetProperty("schema").EnumerateArray().ToList();
        Assert.Equal(
            ["s_req BYTE_ARRAY STRING REQUIRED", "s_opt BYTE_ARRAY STRING OPTIONAL", "i_req INT64 - REQUIRED", "i_opt INT64 - OPTIONAL",
             "d_req DOUBLE - REQUIRED", "d_opt DOUBLE - OPTIONAL", "t_req INT64 TIMESTAMP REQUIRED", "t_opt INT64 TIMESTAMP OPTIONAL"],
            schema.Select(c => string.Join(' ',
                c.GetProperty("name").GetString(),
                c.GetProperty("type").GetString(),
                c.GetProperty("logicalType").ValueKind == JsonValueKind.Null
                    ? "-"
                    : JsonDocument.Parse(c.GetProperty("logicalType").GetString()!).RootElement.GetProperty("type").GetString(),
                c.GetProperty("repetition").GetString())));
        Assert.Equal("SparkEtl", hyparquet.GetProperty("createdBy").GetString());

        var duckSchema = await NodeInterop.DuckDbQueryAsync(
            $"SELECT name, type, repetition_type, converted_type, logical_type, duckdb_type FROM parquet_schema({NodeInterop.SqlString(path)}) WHERE type IS NOT NULL ORDER BY column_id");
        Assert.Equal(
            [
                "s_req BYTE_ARRAY REQUIRED UTF8 VARCHAR", "s_opt BYTE_ARRAY OPTIONAL UTF8 VARCHAR",
                "i_req INT64 REQUIRED - BIGINT", "i_opt INT64 OPTIONAL - BIGINT",
                "d_req DOUBLE REQUIRED - DOUBLE", "d_opt DOUBLE OPTIONAL - DOUBLE",
                "t_req INT64 REQUIRED TIMESTAMP_MILLIS TIMESTAMP WITH TIME ZONE", "t_opt INT64 OPTIONAL TIMESTAMP_MILLIS TIMESTAMP WITH TIME ZONE",
            ],
            duckSchema.Select(c => string.Join(' ',
                c.GetProperty("name").GetString(),
                c.GetProperty("type").GetString(),
                c.GetProperty("repetition_type").GetString(),
                c.GetProperty("converted_type").GetString() ?? "-",
                c.GetProperty("duckdb_type").GetString())));
        Assert.All(duckSchema.Where(c => c.GetProperty("type").GetString() == "BYTE_ARRAY"),
            c => Assert.StartsWith("StringType", c.GetProperty("logical_type").GetString(), StringComparison.Ordinal));
        Assert.All(duckSchema.Where(c => c.GetProperty("converted_type").GetString() == "TIMESTAMP_MILLIS"),
            c => Assert.Contains("isAdjustedToUTC=1, unit=TimeUnit(MILLIS", c.GetProperty("logical_type").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AllTypes_StatisticsInFooter_MatchTheValues()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new object?[]
        {
            Texts[i % Texts.Length],
            i % 2 == 0 ? null : Texts[(i * 3) % Texts.Length],
            (long)i - 20,
            i % 2 == 0 ? null : (long)i * 1000,
            i * 0.25,
            i % 2 == 0 ? null : -i * 0.5,
            1_700_000_000_000L + i,
            null,
        }).ToList();
        var path = _temp.Combine("stats.parquet");

        ParquetReadBack.WriteFile(path, AllTypes, rows);

        var stats = await NodeInterop.DuckDbQueryAsync(
            $"SELECT path_in_schema AS c, stats_min_value AS min, stats_max_value AS max, stats_null_count AS nulls FROM parquet_metadata({NodeInterop.SqlString(path)}) ORDER BY column_id");
        static string Text(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "null" : $"[{e}]";
        string Row(JsonElement e) => $"{e.GetProperty("c").GetString()} {Text(e.GetProperty("min"))} {Text(e.GetProperty("max"))} {e.GetProperty("nulls")}";

        // STRING bounds compare UTF-8 bytes unsigned: "" is smallest, and 日 (E6 97 A5) sorts above ÿ (C3 BF) and ASCII.
        Assert.Equal(
            [
                "s_req [] [日本語のテキスト] 0",
                "s_opt [JIB] [日本語のテキスト] 20",
                "i_req [-20] [19] 0",
                "i_opt [1000] [39000] 20",
                "d_req [-0.0] [9.75] 0",
                "d_opt [-19.5] [-0.5] 20",
                "t_req [2023-11-14 22:13:20+00] [2023-11-14 22:13:20.039+00] 0",
                "t_opt null null 40",
            ],
            stats.Select(Row));
    }

    [Fact]
    public async Task ExtremeValues_BothReadersReturnThemExactly()
    {
        var schema = new ParquetSchema("extremes",
        [
            new ParquetColumn("i", ParquetColumnType.Int64, Nullable: false),
            new ParquetColumn("d", ParquetColumnType.Double, Nullable: true),
        ]);
        long[] longs = [long.MinValue, long.MaxValue, 0, -1, (1L << 53) + 1, long.MinValue + 1, 42, -42, 7, 8];
        double?[] doubles = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.MaxValue, double.Epsilon, -double.MaxValue, null, 0.1];
        var rows = longs.Select((l, i) => new object?[] { l, doubles[i] }).ToList();
        var path = _temp.Combine("extremes.parquet");

        ParquetReadBack.WriteFile(path, schema, rows);

        var duckDb = await NodeInterop.DuckDbQueryAsync(
            $"SELECT CAST(i AS VARCHAR) AS i, d, isnan(d) AS nan, isinf(d) AS inf, signbit(d) AS neg FROM read_parquet({NodeInterop.SqlString(path)}, file_row_number = true) ORDER BY file_row_number");
        var hyparquet = await ParquetReadBack.HyparquetExactRowsAsync(path);
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.Equal(longs[r].ToString(CultureInfo.InvariantCulture), duckDb[r].GetProperty("i").GetString());
            Assert.Equal(longs[r].ToString(CultureInfo.InvariantCulture), hyparquet[r].GetProperty("i").GetString());
            AssertDuckDbDouble(doubles[r], duckDb[r], $"DuckDB row {r}");
            AssertExactDouble(doubles[r], hyparquet[r].GetProperty("d"), $"hyparquet row {r}");
        }

        var stats = await NodeInterop.DuckDbQueryAsync(
            $"SELECT stats_min_value AS min, stats_max_value AS max FROM parquet_metadata({NodeInterop.SqlString(path)}) ORDER BY column_id");
        Assert.Equal("-9223372036854775808", stats[0].GetProperty("min").GetString());
        Assert.Equal("9223372036854775807", stats[0].GetProperty("max").GetString());

        // The DOUBLE column holds NaN, so its bounds are left out and nan_count says why.
        Assert.Equal(JsonValueKind.Null, stats[1].GetProperty("min").ValueKind);
        var doubleStatistics = ParquetFileLayout.Read(File.ReadAllBytes(path)).RowGroups[0][1].Metadata.Struct(12);
        Assert.Equal(1, doubleStatistics.Int(9));
        Assert.False(doubleStatistics.Has(5) || doubleStatistics.Has(6));
    }

    [Fact]
    public async Task DoubleStatistics_NaNAndSignedZeros_FollowTheSpecRulesAndDuckDbFiltersCorrectly()
    {
        var schema = new ParquetSchema("doubles", [new ParquetColumn("d", ParquetColumnType.Double, Nullable: false)]);
        double[][] groups =
        [
            [double.NaN, double.NaN, double.NaN],
            [-0.0, 0.0, 2.5],
            [-3.0, 0.0, double.NaN],
            [0.0, -0.0, 0.0],
            [double.NegativeInfinity, 1.0, double.PositiveInfinity],
        ];
        var rows = groups.SelectMany(g => g).Select(d => new object?[] { d }).ToList();
        var path = _temp.Combine("doubles.parquet");

        // Three required doubles are 24 buffered bytes: one row group per group of three.
        ParquetReadBack.WriteFile(path, schema, rows, new ParquetWriterOptions { RowGroupTargetBytes = 24 });

        // Min and max: a zero minimum is -0.0 and a zero maximum +0.0 (parquet.thrift ColumnOrder), and
        // a row group holding NaN has none (nan_count is always there).
        var layout = ParquetFileLayout.Read(File.ReadAllBytes(path));
        Assert.Equal(5, layout.RowGroups.Count);
        var statistics = layout.RowGroups.Select(g => g[0].Metadata.Struct(12)).ToList();
        Assert.Equal([3L, 0L, 1L, 0L, 0L], statistics.Select(s => s.Int(9)));
        string Bounds(ThriftStruct s) => s.Has(5) || s.Has(6) ? $"{Double(s.Binary(6))} {Double(s.Binary(5))}" : "none";
        Assert.Equal(["none", "-0 2.5", "none", "-0 0", "-Infinity Infinity"], statistics.Select(Bounds));

        // DuckDB orders NaN above every number: with NaN-free bounds on a NaN row group, "d > 0" would lose rows.
        var duckDb = await NodeInterop.DuckDbQueryAsync(
            $"""
            SELECT
              (SELECT count(*) FROM read_parquet({NodeInterop.SqlString(path)}) WHERE d = 0) AS zeros,
              (SELECT count(*) FROM read_parquet({NodeInterop.SqlString(path)}) WHERE isnan(d)) AS nans,
              (SELECT count(*) FROM read_parquet({NodeInterop.SqlString(path)}) WHERE d > 0) AS above_zero,
              (SELECT count(*) FROM read_parquet({NodeInterop.SqlString(path)}) WHERE d < -1e300) AS below_all,
              (SELECT string_agg(coalesce(stats_min_value, 'none') || ' ' || coalesce(stats_max_value, 'none'), ', ' ORDER BY row_group_id)
                 FROM parquet_metadata({NodeInterop.SqlString(path)}) WHERE row_group_id < 4) AS bounds
            """);
        Assert.Equal(6, duckDb[0].GetProperty("zeros").GetInt64());
        Assert.Equal(4, duckDb[0].GetProperty("nans").GetInt64());
        Assert.Equal(7, duckDb[0].GetProperty("above_zero").GetInt64());
        Assert.Equal(1, duckDb[0].GetProperty("below_all").GetInt64());
        Assert.Equal("none none, -0.0 2.5, none none, -0.0 0.0", duckDb[0].GetProperty("bounds").GetString());

        var hyparquet = await ParquetReadBack.HyparquetExactRowsAsync(path);
        Assert.Equal(rows.Count, hyparquet.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            AssertExactDouble((double)rows[r][0]!, hyparquet[r].GetProperty("d"), $"hyparquet row {r}");
        }
    }

    [Fact]
    public async Task ManyRows_SmallPagesAndRowGroups_ReadBackAcrossPagesAndRowGroups()
    {
        var rows = TradeRows(20_000).ToList();
        var path = _temp.Combine("many.parquet");
        var options = new ParquetWriterOptions { PageTargetBytes = 2048, RowGroupTargetBytes = 256 * 1024 };

        ParquetReadBack.WriteFile(path, Trades, rows, options);

        var hyparquet = await ParquetReadBack.AssertBothReadersReturnAsync(path, Trades, rows);
        var layout = ParquetFileLayout.Read(File.ReadAllBytes(path));
        Assert.True(layout.RowGroups.Count >= 3, $"Expected several row groups, got {layout.RowGroups.Count}.");
        Assert.Equal(layout.RowGroups.Count, hyparquet.GetProperty("rowGroups").GetInt32());
        Assert.All(layout.RowGroups[0], chunk =>
            Assert.True(chunk.DataPages.Count() >= 2, $"Chunk {chunk.Metadata.List(3)[0]} has {chunk.DataPages.Count()} data pages."));

        var metadata = await NodeInterop.DuckDbQueryAsync(
            $"SELECT row_group_id, row_group_num_rows AS rows, column_id, path_in_schema AS c, encodings, data_page_offset, dictionary_page_offset, total_compressed_size, total_uncompressed_size FROM parquet_metadata({NodeInterop.SqlString(path)}) ORDER BY row_group_id, column_id");
        Assert.Equal(20_000, metadata.Where(m => m.GetProperty("column_id").GetInt32() == 0).Sum(m => m.GetProperty("rows").GetInt64()));
        Assert.All(metadata.Where(m => m.GetProperty("c").GetString() == "ticker_symbol"),
            m => Assert.Equal("PLAIN, RLE_DICTIONARY", m.GetProperty("encodings").GetString()));
        Assert.All(metadata.Where(m => m.GetProperty("c").GetString() == "sector"),
            m => Assert.Equal("PLAIN, RLE, RLE_DICTIONARY", m.GetProperty("encodings").GetString()));
        Assert.All(metadata.Where(m => m.GetProperty("c").GetString() == "event_time"),
            m => Assert.Equal("PLAIN", m.GetProperty("encodings").GetString()));

        // Offsets and sizes agree with the pages actually on disk, and chunks follow each other without gaps.
        var chunks = layout.RowGroups.SelectMany(g => g).ToList();
        var expectedStart = 4L;
        for (var i = 0; i < chunks.Count; i++)
        {
            var pages = chunks[i].Pages;
            var hasDictionary = pages[0].Header.Int(1) == 2;
            Assert.Equal(expectedStart, pages[0].Offset);
            Assert.Equal(hasDictionary ? pages[0].Offset : (long?)null, Nullable(metadata[i].GetProperty("dictionary_page_offset")));
            Assert.Equal(chunks[i].DataPages.First().Offset, metadata[i].GetProperty("data_page_offset").GetInt64());
            Assert.Equal(metadata[i].GetProperty("rows").GetInt64(), chunks[i].DataPages.Sum(p => p.Header.Struct(5).Int(1)));
            expectedStart += metadata[i].GetProperty("total_compressed_size").GetInt64();
        }
    }

    [Fact]
    public async Task FirstStringsNearlyAllDistinct_ChunkIsPlain_EvenWhenTheRestRepeat()
    {
        var schema = new ParquetSchema("sample",
        [
            new ParquetColumn("id", ParquetColumnType.String, Nullable: false),
            new ParquetColumn("price", ParquetColumnType.Double, Nullable: false),
            new ParquetColumn("venue", ParquetColumnType.String, Nullable: false),
        ]);

        // 4,096 distinct values first, then 60,000 repeats of a few of them: a whole-chunk dictionary would pay (16 KB of
        // entries and 12-bit indices against about 700 KB of PLAIN ids), but for strings the sample says "nearly all
        // distinct". Doubles are judged on the whole chunk: their dictionary pays.
        var rows = Enumerable.Range(0, 64_096)
            .Select(i => new object?[] { $"id-{(i < 4096 ? i : i % 7):D6}", i < 4096 ? i + 0.25 : i % 7 + 0.25, "XNYS" })
            .ToList();
        var path = _temp.Combine("sample.parquet");
        ParquetReadBack.WriteFile(path, schema, rows, new ParquetWriterOptions { PageTargetBytes = 1024 * 1024 });

        await ParquetReadBack.AssertBothReadersReturnAsync(path, schema, rows);
        var metadata = await NodeInterop.DuckDbQueryAsync(
            $"SELECT encodings, dictionary_page_offset FROM parquet_metadata({NodeInterop.SqlString(path)}) ORDER BY column_id");
        Assert.Equal("PLAIN", metadata[0].GetProperty("encodings").GetString());
        Assert.Equal("PLAIN, RLE_DICTIONARY", metadata[1].GetProperty("encodings").GetString());
        Assert.Equal("PLAIN, RLE_DICTIONARY", metadata[2].GetProperty("encodings").GetString());
    }

    [Fact]
    public async Task HighCardinalityStrings_DictionaryTooLarge_ChunkFallsBackToPlain()
    {
        var schema = new ParquetSchema("ids",
        [
            new ParquetColumn("id", ParquetColumnType.String, Nullable: false),
            new ParquetColumn("symbol", ParquetColumnType.String, Nullable: true),
            new ParquetColumn("venue", ParquetColumnType.String, Nullable: false),
        ]);
        var rows = Enumerable.Range(0, 3000)
            .Select(i => new object?[] { $"order-{i:D6}-{(i * 2654435761L) % 1_000_000_007:D10}", i % 11 == 0 ? null : $"SYM{i % 25}", "XNYS" })
            .ToList();
        var path = _temp.Combine("ids.parquet");

        // The id dictionary would be about 90 KB, over the 16 KiB page target; the symbol dictionary is tiny,
        // and the venue dictionary has a single entry (indices at the minimum bit width of 1).
        ParquetReadBack.WriteFile(path, schema, rows, new ParquetWriterOptions { PageTargetBytes = 16 * 1024 });

        await ParquetReadBack.AssertBothReadersReturnAsync(path, schema, rows);
        var metadata = await NodeInterop.DuckDbQueryAsync(
            $"SELECT path_in_schema AS c, encodings, dictionary_page_offset FROM parquet_metadata({NodeInterop.SqlString(path)}) ORDER BY column_id");
        Assert.Equal("PLAIN", metadata[0].GetProperty("encodings").GetString());
        Assert.Equal(JsonValueKind.Null, metadata[0].GetProperty("dictionary_page_offset").ValueKind);
        Assert.Equal("PLAIN, RLE, RLE_DICTIONARY", metadata[1].GetProperty("encodings").GetString());
        Assert.Equal("PLAIN, RLE_DICTIONARY", metadata[2].GetProperty("encodings").GetString());

        // encoding_stats (not shown by DuckDB): page counts per page type and encoding.
        var layout = ParquetFileLayout.Read(File.ReadAllBytes(path));
        string EncodingStats(ParquetFileLayout.ChunkLayout chunk) =>
            string.Join(", ", chunk.Metadata.Structs(13).Select(s => $"{s.Int(1)}/{s.Int(2)}/{s.Int(3)}"));
        var id = layout.RowGroups[0][0];
        var symbol = layout.RowGroups[0][1];
        Assert.Equal($"0/0/{id.DataPages.Count()}", EncodingStats(id));
        Assert.True(id.DataPages.Count() > 1);
        Assert.Equal($"2/0/1, 0/8/{symbol.DataPages.Count()}", EncodingStats(symbol));
    }

    [Fact]
    public async Task RepeatedStringInstances_InPlainPages_ReadBackInRowOrder()
    {
        // A value that is the very string of an earlier one is stored once and its entry shared: PLAIN pages must still
        // hold every row's value in order, runs of new values and repeats mixed, across page boundaries.
        var schema = new ParquetSchema("notes", [new ParquetColumn("note", ParquetColumnType.String, Nullable: true)]);
        string[] repeated = ["alpha", "β-beta", string.Empty];
        var rows = Enumerable.Range(0, 5000)
            .Select(i => new object?[] { i % 5 == 0 ? $"fresh-{i}" : i % 7 == 0 ? null : repeated[i % 3] })
            .ToList();
        var path = _temp.Combine("notes.parquet");

        ParquetReadBack.WriteFile(path, schema, rows, new ParquetWriterOptions { DictionaryEnabled = false, PageTargetBytes = 2048 });

        await ParquetReadBack.AssertBothReadersReturnAsync(path, schema, rows);
        var layout = ParquetFileLayout.Read(File.ReadAllBytes(path));
        Assert.True(layout.RowGroups[0][0].DataPages.Count() > 5);
    }

    [Theory]
    [InlineData(ParquetCompression.None, "UNCOMPRESSED")]
    [InlineData(ParquetCompression.Snappy, "SNAPPY")]
    [InlineData(ParquetCompression.Gzip, "GZIP")]
    public async Task Compression_EachCodec_BothReadersReadItAndFooterNamesIt(ParquetCompression compression, string codec)
    {
        var rows = TradeRows(5000).ToList();
        var path = _temp.Combine($"{codec}.parquet");

        ParquetReadBack.WriteFile(path, Trades, rows, new ParquetWriterOptions { Compression = compression, PageTargetBytes = 8192 });

        await ParquetReadBack.AssertBothReadersReturnAsync(path, Trades, rows);
        var metadata = await NodeInterop.DuckDbQueryAsync(
            $"SELECT compression, total_compressed_size AS compressed, total_uncompressed_size AS uncompressed, path_in_schema AS c FROM parquet_metadata({NodeInterop.SqlString(path)})");
        Assert.All(metadata, m => Assert.Equal(codec, m.GetProperty("compression").GetString()));
        var eventTime = metadata.Single(m => m.GetProperty("c").GetString() == "event_time");
        if (compression == ParquetCompression.None)
        {
            Assert.Equal(eventTime.GetProperty("uncompressed").GetInt64(), eventTime.GetProperty("compressed").GetInt64());
        }
        else
        {
            Assert.True(eventTime.GetProperty("compressed").GetInt64() < eventTime.GetProperty("uncompressed").GetInt64());
        }
    }

    [Fact]
    public async Task DictionaryDisabled_EveryChunkIsPlain_BothReadersReadIt()
    {
        var rows = TradeRows(3000).ToList();
        var path = _temp.Combine("plain.parquet");

        ParquetReadBack.WriteFile(path, Trades, rows, new ParquetWriterOptions { DictionaryEnabled = false, PageTargetBytes = 4096 });

        await ParquetReadBack.AssertBothReadersReturnAsync(path, Trades, rows);
        var metadata = await NodeInterop.DuckDbQueryAsync(
            $"SELECT string_agg(DISTINCT encodings, '|' ORDER BY encodings) AS encodings, count(dictionary_page_offset) AS dictionaries FROM parquet_metadata({NodeInterop.SqlString(path)})");
        Assert.Equal("PLAIN|PLAIN, RLE", metadata[0].GetProperty("encodings").GetString());
        Assert.Equal(0, metadata[0].GetProperty("dictionaries").GetInt64());
    }

    [Fact]
    public async Task AllNulls_NullableColumns_BothReadersReturnNulls()
    {
        var schema = new ParquetSchema("nulls",
        [
            new ParquetColumn("s", ParquetColumnType.String, Nullable: true),
            new ParquetColumn("i", ParquetColumnType.Int64, Nullable: true),
            new ParquetColumn("d", ParquetColumnType.Double, Nullable: true),
            new ParquetColumn("t", ParquetColumnType.TimestampMillis, Nullable: true),
            new ParquetColumn("late", ParquetColumnType.String, Nullable: true),
        ]);

        // "late" is null for its first 800 rows: a dictionary-encoded chunk whose first pages hold no value.
        var rows = Enumerable.Range(0, 1000).Select(i => new object?[] { null, null, null, null, i < 800 ? null : $"v{i % 2}" }).ToList();
        var path = _temp.Combine("nulls.parquet");

        ParquetReadBack.WriteFile(path, schema, rows, new ParquetWriterOptions { PageTargetBytes = 32 });

        await ParquetReadBack.AssertBothReadersReturnAsync(path, schema, rows);
        var late = ParquetFileLayout.Read(File.ReadAllBytes(path)).RowGroups[0][4];
        Assert.Equal(2, late.Pages[0].Header.Int(1));
        Assert.True(late.DataPages.Count() >= 3);
        Assert.Equal(256, late.DataPages.First().Header.Struct(5).Struct(5).Int(3));
        var metadata = await NodeInterop.DuckDbQueryAsync(
            $"SELECT stats_null_count AS nulls, stats_min_value AS min, num_values FROM parquet_metadata({NodeInterop.SqlString(path)}) WHERE path_in_schema <> 'late'");
        Assert.All(metadata, m =>
        {
            Assert.Equal(1000, m.GetProperty("nulls").GetInt64());
            Assert.Equal(1000, m.GetProperty("num_values").GetInt64());
            Assert.Equal(JsonValueKind.Null, m.GetProperty("min").ValueKind);
        });
    }

    [Fact]
    public async Task ZeroRows_Complete_IsAValidFileWithNoRowGroups()
    {
        var path = _temp.Combine("empty.parquet");

        ParquetReadBack.WriteFile(path, Trades, []);

        var hyparquet = await ParquetReadBack.AssertBothReadersReturnAsync(path, Trades, []);
        Assert.Equal(0, hyparquet.GetProperty("rowGroups").GetInt32());
        Assert.Equal(5, hyparquet.GetProperty("schema").GetArrayLength());
        var duckDb = await NodeInterop.DuckDbQueryAsync(
            $"""
            SELECT (SELECT count(*) FROM parquet_metadata({NodeInterop.SqlString(path)})) AS chunks,
                   (SELECT count(*) FROM parquet_schema({NodeInterop.SqlString(path)}) WHERE type IS NOT NULL) AS columns
            """);
        Assert.Equal(0, duckDb[0].GetProperty("chunks").GetInt64());
        Assert.Equal(5, duckDb[0].GetProperty("columns").GetInt64());
    }

    [Fact]
    public async Task Dispose_WithoutComplete_DuckDbCannotReadTheFile()
    {
        var path = _temp.Combine("aborted.parquet");
        using (var file = File.Create(path))
        using (var writer = new ParquetFileWriter(file, Trades, new ParquetWriterOptions { RowGroupTargetBytes = 4096 }))
        {
            foreach (var row in TradeRows(1000))
            {
                ParquetReadBack.WriteRow(writer, Trades, row);
            }
        }

        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 4096, "Row groups should have reached the file before the abort.");
        Assert.False(bytes.AsSpan(bytes.Length - 4).SequenceEqual("PAR1"u8));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NodeInterop.DuckDbQueryAsync($"SELECT count(*) FROM read_parquet({NodeInterop.SqlString(path)})"));
        Assert.Contains("exited with", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<object?[]> TradeRows(int count)
    {
        string?[] sectors = ["TECHNOLOGY", "ENERGY", "HEALTHCARE", "FINANCIAL", "RETAIL", null, "AUTOMOBILE"];
        var random = new Random(count);
        for (var i = 0; i < count; i++)
        {
            yield return
            [
                $"SYM{random.Next(200)}",
                sectors[random.Next(sectors.Length)],
                Math.Round(random.NextDouble() * 500, 2),
                1_700_000_000_000L + (i * 137L),
                random.Next(10) == 0 ? null : (long)random.Next(1, 10_000),
            ];
        }
    }

    private static long? Nullable(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt64();

    private static string Double(byte[] plain) =>
        BitConverter.ToDouble(plain) is var d && d == 0 && double.IsNegative(d) ? "-0" : BitConverter.ToDouble(plain).ToString(CultureInfo.InvariantCulture);

    /// <summary>Checks a value from <see cref="ParquetReadBack.HyparquetExactRowsAsync"/>.</summary>
    private static void AssertExactDouble(double? expected, JsonElement actual, string where)
    {
        var special = expected switch
        {
            null => null,
            double.NaN => "NaN",
            double.PositiveInfinity => "Infinity",
            double.NegativeInfinity => "-Infinity",
            0 when double.IsNegative(expected.Value) => "-0",
            _ => null,
        };
        if (expected is null)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Null, $"{where}: expected null, got {actual}");
        }
        else if (special is not null)
        {
            Assert.True(special == actual.GetString(), $"{where}: expected {special}, got {actual}");
        }
        else
        {
            Assert.True(actual.ValueKind == JsonValueKind.Number && actual.GetDouble() == expected, $"{where}: expected {expected}, got {actual}");
        }
    }

    private static void AssertDuckDbDouble(double? expected, JsonElement row, string where)
    {
        if (expected is not { } value)
        {
            Assert.Equal(JsonValueKind.Null, row.GetProperty("d").ValueKind);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("nan").ValueKind);
            return;
        }

        Assert.True(double.IsNaN(value) == row.GetProperty("nan").GetBoolean(), $"{where}: isnan");
        Assert.True(double.IsInfinity(value) == row.GetProperty("inf").GetBoolean(), $"{where}: isinf");
        if (!double.IsNaN(value))
        {
            Assert.True(double.IsNegative(value) == row.GetProperty("neg").GetBoolean(), $"{where}: signbit");
        }

        if (double.IsFinite(value))
        {
            Assert.Equal(value, row.GetProperty("d").GetDouble());
        }
    }
}
