using System.Diagnostics;
using System.Text;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;

namespace SparkEtl.Soak.Internal;

/// <summary>
/// Puts the generator's records through the Kinesis proxy at a steady rate of units per second, at least once each:
/// a call that fails (after the client's own retries) is made again with the same records, and entries Kinesis refuses
/// are put again, until every record is acknowledged. A call whose answer was lost after Kinesis took it (a reset after
/// forwarding, a truncated answer) therefore puts its records twice, as any at-least-once producer does; the check
/// tells those copies apart by their sequence numbers.
/// </summary>
internal sealed class SoakProducer(KinesisClient client, string streamName, TickerStreamGenerator generator, ProducedLedger ledger, TextWriter log)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>Records Kinesis acknowledged.</summary>
    public long RecordsAcknowledged { get; private set; }

    /// <summary>PutRecords calls that returned an answer.</summary>
    public long Calls { get; private set; }

    /// <summary>PutRecords calls that failed after the client's retries and were made again.</summary>
    public long CallsRepeated { get; private set; }

    /// <summary>Entries Kinesis refused in an answered call, put again.</summary>
    public long EntriesRefused { get; private set; }

    /// <summary>Units made, by kind.</summary>
    public Dictionary<UnitKind, long> UnitsMade { get; } = [];

    /// <summary>Puts records for <paramref name="duration"/> at <paramref name="unitsPerSecond"/>; returns once every record made is acknowledged.</summary>
    public async Task RunAsync(TimeSpan duration, double unitsPerSecond, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long units = 0;
        var nextReport = TimeSpan.FromSeconds(30);
        while (clock.Elapsed < duration)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * unitsPerSecond) - units;
            var batch = new List<ProducedRecord>();
            while (due > 0)
            {
                var record = generator.Next(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                batch.Add(record);
                var counted = record.Units.Count(u => u.Kind != UnitKind.Drop);
                units += counted;
                due -= Math.Max(1, counted);
            }

            await PutAsync(batch, cancellationToken).ConfigureAwait(false);
            if (clock.Elapsed >= nextReport)
            {
                nextReport += TimeSpan.FromSeconds(30);
                await log.WriteLineAsync($"soak: {clock.Elapsed.TotalSeconds:F0} s: {RecordsAcknowledged:N0} Kinesis records put ({units:N0} units), {Calls:N0} calls, {CallsRepeated:N0} repeated, {EntriesRefused:N0} entries refused").ConfigureAwait(false);
            }

            await Task.Delay(Tick, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Notes the records in the ledger, then puts them until each is acknowledged.</summary>
    public async Task PutAsync(IReadOnlyList<ProducedRecord> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            ledger.Add(record);
            foreach (var unit in record.Units)
            {
                UnitsMade[unit.Kind] = UnitsMade.GetValueOrDefault(unit.Kind) + 1;
            }
        }

        var start = 0;
        while (start < records.Count)
        {
            // PutRecords: at most 500 entries and 5 MiB of data and partition keys.
            var chunk = new List<ProducedRecord>();
            long bytes = 0;
            while (start < records.Count && chunk.Count < KinesisClient.MaxPutRecordsCount)
            {
                var size = records[start].Data.Length + Encoding.UTF8.GetByteCount(records[start].PartitionKey);
                if (chunk.Count > 0 && bytes + size > KinesisClient.MaxPutRecordsBytes)
                {
                    break;
                }

                chunk.Add(records[start++]);
                bytes += size;
            }

            await PutUntilAcknowledgedAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PutUntilAcknowledgedAsync(List<ProducedRecord> pending, CancellationToken cancellationToken)
    {
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                // Full jitter, capped at 2 s: the producer keeps its pace after a bad moment.
                var ceiling = Math.Min(2_000, 50 * Math.Pow(2, Math.Min(attempt, 10)));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), cancellationToken).ConfigureAwait(false);
            }

            PutRecordsResult result;
            try
            {
                result = await client.PutRecordsAsync(
                    streamName,
                    [.. pending.Select(r => new PutRecordsEntry(r.PartitionKey, r.Data, r.ExplicitHashKey))],
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SparkEtlException or HttpRequestException or IOException or TimeoutException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                CallsRepeated++;
                await log.WriteLineAsync($"soak: PutRecords of {pending.Count} records failed, putting them again: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
                continue;
            }

            Calls++;
            var refused = new List<ProducedRecord>();
            for (var i = 0; i < pending.Count; i++)
            {
                if (result.Records[i].Succeeded)
                {
                    ledger.Acknowledged(pending[i].Id);
                    RecordsAcknowledged++;
                }
                else
                {
                    refused.Add(pending[i]);
                }
            }

            EntriesRefused += refused.Count;
            pending = refused;
        }
    }
}
