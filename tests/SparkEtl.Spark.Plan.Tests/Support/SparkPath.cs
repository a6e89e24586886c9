using SparkEtl.Core.Tables;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Spark.Plan.Tests.Support;

/// <summary>
/// What the Spark job does with one batch of connector rows, without Spark: the decode UDF on every record (in read
/// order), the rows that are written grouped by (table, day, bucket), and each group handed to the grouped-map
/// function as one Arrow record batch, as Spark hands it to Microsoft.Spark.Worker.
/// </summary>
internal static class SparkPath
{
    private const long DayMs = 86_400_000;

    /// <summary>The groups of one batch: the records of a capture file, each row in a bucket by its read order.</summary>
    public static IReadOnlyList<IReadOnlyList<TableRowBatches.Row>> Groups(string captureFile, int buckets, long watermarkMs = long.MinValue)
    {
        var rows = new List<TableRowBatches.Row>();
        long readOrder = 0;
        foreach (var record in CaptureFileReader.Read(captureFile))
        {
            foreach (var decoded in SparkRecordDecoder.Decode(
                record.Data.ToArray(), record.PartitionKey, record.SequenceNumber, record.ApproximateArrivalMs, watermarkMs, 10 << 20, 15 * 60_000, 60_000))
            {
                var kind = DecodedRecordSchema.KindOf(decoded);
                if (kind == DecodedRecordSchema.DropKind)
                {
                    continue;
                }

                var trade = kind == DecodedRecordSchema.TradeKind;
                var time = (long)decoded[DecodedRecordSchema.IndexOf(trade ? "event_time" : "arrival_time")]!;
                rows.Add(new TableRowBatches.Row(
                    trade ? SparkEtlTables.Trades.Name : SparkEtlTables.Errors.Name,
                    (long)Math.Floor(time / (double)DayMs),
                    (int)(readOrder % buckets),
                    decoded,
                    readOrder));
            }

            readOrder++;
        }

        return [.. rows.GroupBy(r => (r.Table, r.Day, r.Bucket)).Select(g => (IReadOnlyList<TableRowBatches.Row>)[.. g])];
    }

    /// <summary>Runs the grouped-map function on every group of the capture file's batch; returns the files it reported.</summary>
    public static IReadOnlyList<WrittenFile> Write(string captureFile, string warehouse, long batchId, int buckets)
    {
        var writer = TableGroupWriter.For(SparkJobSettings.Bind(("warehouse", warehouse)), batchId);
        var files = new List<WrittenFile>();
        foreach (var group in Groups(captureFile, buckets))
        {
            using var input = TableRowBatches.Build(group);
            using var output = writer.Write(input);
            files.AddRange(WrittenFileRows.FromBatch(output));
        }

        return files;
    }
}
