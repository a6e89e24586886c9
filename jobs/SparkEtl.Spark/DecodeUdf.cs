using Microsoft.Spark.Sql;
using Microsoft.Spark.Sql.Types;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark;

/// <summary>
/// The decode UDF: (data, partitionKey, sequenceNumber, arrival ms, watermark ms) → a struct holding the array of
/// decoded rows (<see cref="DecodedRecordSchema.UdfResultJson"/>). It runs in Microsoft.Spark.Worker and calls
/// <see cref="SparkRecordDecoder"/>; the only state it captures is three numbers (the decompression limit, the
/// event-time bound and the window size), which Microsoft.Spark ships to the workers with the UDF.
/// </summary>
internal static class DecodeUdf
{
    public static Func<Column, Column, Column, Column, Column, Column> Create(int maxDecompressedBytes, long maxFutureSkewMs, long windowSizeMs)
    {
        // A UDF returning Row takes its schema as a StructType (Microsoft.Spark/Sql/Functions.cs, Udf<T1..T5>(Func<..., Row>, StructType)).
        var returnType = (StructType)DataType.ParseDataType(DecodedRecordSchema.UdfResultJson);
        return Functions.Udf<byte[], string, string, long, long>(
            (data, partitionKey, sequenceNumber, arrivalMs, watermarkMs) =>
                ToRow(SparkRecordDecoder.Decode(data, partitionKey, sequenceNumber, arrivalMs, watermarkMs, maxDecompressedBytes, maxFutureSkewMs, windowSizeMs)),
            returnType);
    }

    // GenericRow converts to a schema-less Row, the form a UDF returns (Microsoft.Spark/Sql/Row.cs); nested rows
    // are pickled as their values.
    private static Row ToRow(object?[][] rows)
    {
        var decoded = new GenericRow[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            decoded[i] = new GenericRow(rows[i]);
        }

        return new GenericRow([decoded]);
    }
}
