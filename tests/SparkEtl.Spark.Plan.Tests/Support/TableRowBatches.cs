using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace SparkEtl.Spark.Plan.Tests.Support;

/// <summary>Builds the record batches Spark hands the grouped-map function: <see cref="TableRows.Columns"/>, in order.</summary>
internal static class TableRowBatches
{
    /// <summary>One decoded row (as the decode UDF returns it) with its read order and its group.</summary>
    public sealed record Row(string Table, long Day, int Bucket, object?[] Decoded, long ReadOrder);

    public static RecordBatch Build(IReadOnlyList<Row> rows)
    {
        var schema = new Schema.Builder();
        var arrays = new List<IArrowArray>();
        for (var c = 0; c < TableRows.Columns.Count; c++)
        {
            var (name, sparkType) = TableRows.Columns[c];
            var values = rows.Select(r => ValueOf(r, name));
            (IArrowType type, IArrowArray array) = sparkType switch
            {
                "string" => ((IArrowType)StringType.Default, (IArrowArray)Fill(new StringArray.Builder(), values, (b, v) => b.Append((string)v), b => b.AppendNull()).Build()),
                "long" => (Int64Type.Default, Fill(new Int64Array.Builder(), values, (b, v) => b.Append(Convert.ToInt64(v, CultureInfo.InvariantCulture)), b => b.AppendNull()).Build()),
                "integer" => (Int32Type.Default, Fill(new Int32Array.Builder(), values, (b, v) => b.Append(Convert.ToInt32(v, CultureInfo.InvariantCulture)), b => b.AppendNull()).Build()),
                "double" => (DoubleType.Default, Fill(new DoubleArray.Builder(), values, (b, v) => b.Append((double)v), b => b.AppendNull()).Build()),
                "boolean" => (BooleanType.Default, Fill(new BooleanArray.Builder(), values, (b, v) => b.Append((bool)v), b => b.AppendNull()).Build()),
                _ => throw new ArgumentOutOfRangeException(nameof(rows), sparkType, "no Arrow type for this Spark type"),
            };
            schema.Field(new Field(name, type, nullable: true));
            arrays.Add(array);
        }

        return new RecordBatch(schema.Build(), arrays, rows.Count);
    }

    private static object? ValueOf(Row row, string column) => column switch
    {
        TableRows.TableColumn => row.Table,
        TableRows.DayColumn => row.Day,
        TableRows.BucketColumn => row.Bucket,
        SparkJobSql.ReadOrderColumn => row.ReadOrder,
        _ => row.Decoded[DecodedRecordSchema.IndexOf(column)],
    };

    private static TBuilder Fill<TBuilder>(TBuilder builder, IEnumerable<object?> values, Action<TBuilder, object> append, Action<TBuilder> appendNull)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                appendNull(builder);
            }
            else
            {
                append(builder, value);
            }
        }

        return builder;
    }
}
