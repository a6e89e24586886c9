using System.Reflection;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Tests.Decoding;
using SparkEtl.Spark.Plan.Tests.Support;
using SparkEtl.TestSupport;

namespace SparkEtl.Spark.Plan.Tests;

public class TableGroupWriterTests
{
    private const BindingFlags All = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>
    /// Microsoft.Spark 2.3.1's UdfSerDe ships the function's target as its fields' values (MessagePack typeless, which
    /// takes only standard or [Serializable] types), sets them into an uninitialized instance by reflection (instance
    /// fields only: a static field would fail), and finds the method by name.
    /// </summary>
    [Fact]
    public void Function_CarriesOnlyValuesMicrosoftSparkShipsToTheWorkers()
    {
        var type = typeof(TableGroupWriter);

        Assert.NotNull(type.GetCustomAttribute<SerializableAttribute>());
        Assert.Empty(type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic));
        Assert.All(type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic),
            f => Assert.True(f.FieldType == typeof(string) || f.FieldType.IsPrimitive, $"{f.Name} is a {f.FieldType}"));
        var write = Assert.Single(type.GetMethods(All), m => m.Name == nameof(TableGroupWriter.Write));
        Assert.Equal(typeof(RecordBatch), write.ReturnType);
        Assert.Equal([typeof(RecordBatch)], write.GetParameters().Select(p => p.ParameterType));
    }

    [Fact]
    public void Function_RebuiltFromItsFieldValuesAsTheWorkerDoes_WritesTheSameFile()
    {
        using var folder = new TempDirectory("sparketl-group");
        var original = TableGroupWriter.For(SparkJobSettings.Bind(("warehouse", folder.Combine("a")), ("parquet.compression", "gzip")), 12);
        var rebuilt = RuntimeHelpers.GetUninitializedObject(typeof(TableGroupWriter));
        foreach (var field in typeof(TableGroupWriter).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            field.SetValue(rebuilt, field.GetValue(original));
        }

        var write = (Func<RecordBatch, RecordBatch>)Delegate.CreateDelegate(typeof(Func<RecordBatch, RecordBatch>), rebuilt, nameof(TableGroupWriter.Write));
        using var input = TableRowBatches.Build([.. Trades(3, bucket: 4)]);
        var fromRebuilt = WrittenFileRows.FromBatch(write(input));
        var bytes = File.ReadAllBytes(Path.Combine(folder.Combine("a"), Assert.Single(fromRebuilt).Key));
        var fromOriginal = WrittenFileRows.FromBatch(original.Write(input));

        Assert.Equal(fromOriginal, fromRebuilt);
        Assert.Equal("trades/dt=2023-11-14/part-00000012-004.gz.parquet", fromRebuilt[0].Key);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(folder.Combine("a"), fromOriginal[0].Key)));
    }

    [Fact]
    public void Write_OneGroup_IsOneFileInSourceOrder_NamedByTablePartitionBatchAndBucket()
    {
        using var folder = new TempDirectory("sparketl-group");
        var writer = TableGroupWriter.For(SparkJobSettings.Bind(("warehouse", folder.Path)), 7);
        var rows = Trades(5, bucket: 2).Reverse().ToList();

        var file = Assert.Single(WrittenFileRows.FromBatch(writer.Write(TableRowBatches.Build(rows))));

        Assert.Equal(new WrittenFile("trades", "trades/dt=2023-11-14/part-00000007-002.snappy.parquet", "2023-11-14", 5, new FileInfo(Path.Combine(folder.Path, file.Key)).Length), file);
        Assert.Equal(["00001", "00002", "00003", "00004", "00005"],
            WarehouseTables.Query($"SELECT right(sequence_number, 5) FROM read_parquet('{Path.Combine(folder.Path, file.Key)}')"));
    }

    [Fact]
    public void Write_SeveralGroupsInOneBatch_WritesOneFilePerGroup()
    {
        using var folder = new TempDirectory("sparketl-group");
        var writer = TableGroupWriter.For(SparkJobSettings.Bind(("warehouse", folder.Path)), 7);
        var error = DecodedRecordSchema.ErrorRow(new Core.Transform.ErrorRecord(Core.Transform.ErrorType.ParseFailed, "no JSON", "x"u8.ToArray(),
            new Core.Records.SourcePosition("unknown", "9", -1, -1), null, 1_700_000_000_000));
        var rows = Trades(2, bucket: 0).Concat(Trades(2, bucket: 1)).Append(new TableRowBatches.Row("errors", 19_675, 0, error, 9)).ToList();

        var files = WrittenFileRows.FromBatch(writer.Write(TableRowBatches.Build(rows)));

        Assert.Equal(
            ["errors/dt=2023-11-14/part-00000007-000.snappy.parquet", "trades/dt=2023-11-14/part-00000007-000.snappy.parquet", "trades/dt=2023-11-14/part-00000007-001.snappy.parquet"],
            files.Select(f => f.Key));
        Assert.Equal([1L, 2L, 2L], files.Select(f => f.Rows));
    }

    [Fact]
    public void Write_NoRows_WritesNothing()
    {
        using var folder = new TempDirectory("sparketl-group");
        var writer = TableGroupWriter.For(SparkJobSettings.Bind(("warehouse", folder.Path)), 7);

        Assert.Empty(WrittenFileRows.FromBatch(writer.Write(TableRowBatches.Build([]))));
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Write_ColumnOfAnotherType_IsRefusedNamingIt()
    {
        using var folder = new TempDirectory("sparketl-group");
        var writer = TableGroupWriter.For(SparkJobSettings.Bind(("warehouse", folder.Path)), 7);
        using var good = TableRowBatches.Build([.. Trades(1, bucket: 0)]);
        var day = TableRows.IndexOf(TableRows.DayColumn);
        var fields = good.Schema.FieldsList.Select((f, i) => i == day ? new Field(f.Name, Int32Type.Default, true) : f);
        var arrays = good.Arrays.Select((a, i) => i == day ? new Int32Array.Builder().Append(19_675).Build() : a);
        using var bad = new RecordBatch(new Schema(fields, null), arrays, 1);

        var e = Assert.Throws<ArgumentException>(() => writer.Write(bad));
        Assert.Contains("Column 1 (day)", e.Message, StringComparison.Ordinal);
    }

    // Trades of 2023-11-14 with sequence numbers ...00001 to ...0000n, all in one bucket.
    private static IEnumerable<TableRowBatches.Row> Trades(int count, int bucket) => Enumerable.Range(1, count).Select(i =>
    {
        var sequence = $"4960000000000000000000000{i:D5}";
        var decoded = Assert.Single(SparkRecordDecoder.Decode(
            System.Text.Encoding.UTF8.GetBytes(Payloads.Ticker("JIB", 40 + i, 1_700_000_000_000 + i)), "pk", sequence, Payloads.ArrivalMs, long.MinValue, 1 << 20, 900_000, 60_000));
        return new TableRowBatches.Row("trades", 19_675, bucket, decoded, i);
    });
}
