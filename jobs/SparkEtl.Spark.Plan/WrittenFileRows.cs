using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using SparkEtl.Core.Tables;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// What the executors' grouped-map function returns to the driver: one row per file it wrote (table, key below the
/// warehouse root, <c>dt</c> partition value, rows, bytes), never a table row. The driver collects these rows only.
/// </summary>
public static class WrittenFileRows
{
    /// <summary>The columns, in order, with their Spark SQL type names.</summary>
    public static IReadOnlyList<(string Name, string SparkType)> Columns { get; } =
        [("table", "string"), ("key", "string"), ("partition", "string"), ("rows", "long"), ("bytes", "long")];

    /// <summary>The function's return type in Spark's JSON form (<c>StructType.json</c>); no field is null.</summary>
    public static string StructJson { get; } = BuildStructJson();

    /// <summary>The Arrow schema of the batches the function returns (the return type's Arrow form).</summary>
    public static Schema ArrowSchema { get; } = new Schema.Builder()
        .Field(new Field("table", StringType.Default, nullable: false))
        .Field(new Field("key", StringType.Default, nullable: false))
        .Field(new Field("partition", StringType.Default, nullable: false))
        .Field(new Field("rows", Int64Type.Default, nullable: false))
        .Field(new Field("bytes", Int64Type.Default, nullable: false))
        .Build();

    /// <summary>The files as one record batch of <see cref="ArrowSchema"/>.</summary>
    public static RecordBatch ToBatch(IReadOnlyList<WrittenFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var table = new StringArray.Builder();
        var key = new StringArray.Builder();
        var partition = new StringArray.Builder();
        var rows = new Int64Array.Builder();
        var bytes = new Int64Array.Builder();
        foreach (var file in files)
        {
            table.Append(file.Table);
            key.Append(file.Key);
            partition.Append(file.Partition);
            rows.Append(file.Rows);
            bytes.Append(file.Bytes);
        }

        return new RecordBatch(ArrowSchema, [table.Build(), key.Build(), partition.Build(), rows.Build(), bytes.Build()], files.Count);
    }

    /// <summary>Reads the files back from a returned batch.</summary>
    public static IReadOnlyList<WrittenFile> FromBatch(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var files = new List<WrittenFile>(batch.Length);
        var table = (StringArray)batch.Column(0);
        var key = (StringArray)batch.Column(1);
        var partition = (StringArray)batch.Column(2);
        var rows = (Int64Array)batch.Column(3);
        var bytes = (Int64Array)batch.Column(4);
        for (var i = 0; i < batch.Length; i++)
        {
            files.Add(new WrittenFile(table.GetString(i), key.GetString(i), partition.GetString(i), rows.GetValue(i)!.Value, bytes.GetValue(i)!.Value));
        }

        return files;
    }

    /// <summary>Reads one file from the values of a collected row (whole numbers may come back narrower).</summary>
    public static WrittenFile Read(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Columns.Count)
        {
            throw new ArgumentException($"A written-file row has {Columns.Count} values, got {values.Count}.", nameof(values));
        }

        return new WrittenFile(
            (string)values[0]!,
            (string)values[1]!,
            (string)values[2]!,
            Convert.ToInt64(values[3], CultureInfo.InvariantCulture),
            Convert.ToInt64(values[4], CultureInfo.InvariantCulture));
    }

    private static string BuildStructJson()
    {
        var json = new StringBuilder("{\"type\":\"struct\",\"fields\":[");
        json.AppendJoin(',', Columns.Select(c => $"{{\"name\":\"{c.Name}\",\"type\":\"{c.SparkType}\",\"nullable\":false,\"metadata\":{{}}}}"));
        return json.Append("]}").ToString();
    }
}
