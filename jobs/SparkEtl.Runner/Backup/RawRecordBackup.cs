using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using SparkEtl.Core.Records;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Runner.Backup;

/// <summary>
/// Firehose's source record backup for SparkEtl: every Kinesis record of a batch, as GetRecords returned
/// it (<c>ShardId</c>, <c>SequenceNumber</c>, <c>PartitionKey</c>, <c>ApproximateArrivalTimestamp</c> in
/// epoch seconds, <c>Data</c> base64), one JSON object per line, gzip, under
/// <c>&lt;prefix&gt;/dt=YYYY-MM-DD/part-&lt;batch&gt;.jsonl.gz</c> by arrival day. Named from the batch id, so a
/// replay rewrites the same objects; each is a capture file that <c>--source file:</c> reads again.
/// </summary>
public sealed class RawRecordBackup(IObjectStore warehouse, string prefix)
{
    /// <summary>The name batches report the backup under, beside the tables.</summary>
    public const string Name = "raw_backup";

    /// <summary>The keys <see cref="WriteAsync"/> writes for these records, known before any is written.</summary>
    public IReadOnlyList<string> KeysOf(long batchId, IReadOnlyList<KinesisRecord> records) =>
        [.. Days(records).Select(day => KeyOf(batchId, day.Key))];

    public async Task<IReadOnlyList<WrittenFile>> WriteAsync(long batchId, IReadOnlyList<KinesisRecord> records, CancellationToken cancellationToken)
    {
        var written = new List<WrittenFile>();
        foreach (var day in Days(records))
        {
            using var content = new MemoryStream();
            using (var gzip = new GZipStream(content, CompressionLevel.Fastest, leaveOpen: true))
            using (var json = new Utf8JsonWriter(gzip))
            {
                foreach (var record in day)
                {
                    json.WriteStartObject();
                    json.WriteString("ShardId", record.ShardId);
                    json.WriteString("SequenceNumber", record.SequenceNumber);
                    json.WriteString("PartitionKey", record.PartitionKey);
                    json.WriteNumber("ApproximateArrivalTimestamp", record.ApproximateArrivalMs / 1000.0);
                    json.WriteBase64String("Data", record.Data.Span);
                    json.WriteEndObject();
                    json.Flush();
                    json.Reset();
                    gzip.WriteByte((byte)'\n');
                }
            }

            var key = KeyOf(batchId, day.Key);
            content.Position = 0;
            await warehouse.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
            written.Add(new WrittenFile(Name, key, day.Key, day.Count(), content.Length));
        }

        return written;
    }

    private static IEnumerable<IGrouping<string, KinesisRecord>> Days(IReadOnlyList<KinesisRecord> records) =>
        records.GroupBy(r => PartitionPath.DayOf(r.ApproximateArrivalMs)).OrderBy(g => g.Key, StringComparer.Ordinal);

    private string KeyOf(long batchId, string day) => string.Create(CultureInfo.InvariantCulture,
        $"{prefix}/{PartitionPath.Segment(TableDefinition.PartitionColumn, day)}/part-{batchId:D8}.jsonl.gz");
}
