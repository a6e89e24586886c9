namespace SparkEtl.Core.Configuration;

/// <summary>
/// The raw backup of source records (<c>backup.*</c>), like Firehose's source record backup: every Kinesis
/// record of a batch, as GetRecords returned it, in gzip JSON lines under its own prefix of the warehouse.
/// A backup file is itself a capture file that <c>--source file:</c> reads.
/// </summary>
/// <param name="Enabled">Whether batches are backed up.</param>
/// <param name="Prefix">The warehouse prefix the backup goes under (not a table).</param>
public sealed record BackupSettings(bool Enabled, string Prefix);
