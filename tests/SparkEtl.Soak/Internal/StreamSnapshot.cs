using System.Globalization;
using System.Security.Cryptography;
using SparkEtl.Aws.Kinesis;

namespace SparkEtl.Soak.Internal;

/// <summary>
/// Everything on the stream, read straight from kinesalite (not through the proxy) once the producer has stopped:
/// <c>stream.csv</c> with each Kinesis record's shard, sequence number, arrival time and data digest, and the last
/// sequence number of each shard (what the job must have read before it may stop).
/// </summary>
internal sealed class StreamSnapshot
{
    public const string File = "stream.csv";

    private StreamSnapshot(IReadOnlyDictionary<string, string> lastSequenceNumbers, long records)
    {
        LastSequenceNumbers = lastSequenceNumbers;
        Records = records;
    }

    /// <summary>Each shard's last sequence number (shards without records are left out).</summary>
    public IReadOnlyDictionary<string, string> LastSequenceNumbers { get; }

    /// <summary>Kinesis records on the stream.</summary>
    public long Records { get; }

    /// <summary>Reads every shard from TRIM_HORIZON to its tip and writes <see cref="File"/> under <paramref name="directory"/>.</summary>
    public static async Task<StreamSnapshot> ReadAsync(KinesisClient client, string streamName, string directory, CancellationToken cancellationToken)
    {
        var last = new SortedDictionary<string, string>(StringComparer.Ordinal);
        long records = 0;
        var output = new StreamWriter(Path.Combine(directory, File));
        await using (output.ConfigureAwait(false))
        {
            await output.WriteLineAsync("shard_id,sequence_number,arrival_ms,data_sha256").ConfigureAwait(false);
            foreach (var shard in await client.ListShardsAsync(streamName, cancellationToken).ConfigureAwait(false))
            {
                var iterator = await client.GetShardIteratorAsync(streamName, shard.ShardId, ShardIteratorPosition.TrimHorizon, cancellationToken).ConfigureAwait(false);
                while (iterator is not null)
                {
                    var page = await client.GetRecordsAsync(shard.ShardId, iterator, 10_000, cancellationToken).ConfigureAwait(false);
                    foreach (var record in page.Records)
                    {
                        records++;
                        last[shard.ShardId] = record.SequenceNumber;
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{shard.ShardId},{record.SequenceNumber},{record.ApproximateArrivalMs},{Convert.ToHexStringLower(SHA256.HashData(record.Data.Span))}")).ConfigureAwait(false);
                    }

                    // Nothing more to read now: an empty page at the tip of the shard.
                    iterator = page.Records.Count == 0 && page.MillisBehindLatest == 0 ? null : page.NextShardIterator;
                }
            }
        }

        return new StreamSnapshot(last, records);
    }
}
