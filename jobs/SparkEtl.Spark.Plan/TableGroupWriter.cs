using Apache.Arrow;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.Spark.Plan.Internal;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The body of the Spark job's grouped-map function: on an executor, one group of <see cref="TableRows"/> (one table's
/// rows of one day and bucket) in as an Arrow record batch, sorted in source order, written as one Parquet file with the
/// embedded engine's table definition and writer (<see cref="TableFileWriter"/>), put straight to the warehouse under
/// the name derived from (table, partition, batch id, bucket) (<see cref="OutputNaming"/>), and the file's metadata out
/// (<see cref="WrittenFileRows"/>). No table row goes back to the driver.
/// </summary>
/// <remarks>
/// <para>
/// Microsoft.Spark 2.3.1 ships a UDF to the workers as its method and the values of its target's fields
/// (<c>UdfSerDe</c>): each field value is serialized with MessagePack's typeless format, which accepts only standard
/// types or <c>[Serializable]</c> ones, and is set by reflection into an uninitialized instance. So this type holds
/// only strings and numbers, has no static field and no constructor logic, and <see cref="Write"/> is its only method
/// of that name. Pass <c>writer.Write</c> to <c>RelationalGroupedDataset.Apply</c>.
/// </para>
/// <para>
/// One group is normally one record batch (Spark sends a group whole); a batch holding several groups still writes one
/// file per group. A replayed batch writes the same keys: its input and the bucket count are the same.
/// </para>
/// </remarks>
[Serializable]
public sealed class TableGroupWriter
{
    /// <summary>The micro-batch the rows belong to.</summary>
    public long BatchId { get; set; }

    /// <summary>The warehouse root (<c>warehouse</c>): a local folder or <c>s3://bucket/prefix</c>.</summary>
    public string Warehouse { get; set; } = "";

    /// <summary>The <see cref="ParquetCompression"/> name (<c>parquet.compression</c>).</summary>
    public string Compression { get; set; } = nameof(ParquetCompression.Snappy);

    /// <summary><c>parquet.rowGroupSize</c> in bytes.</summary>
    public long RowGroupBytes { get; set; }

    /// <summary><c>parquet.pageSize</c> in bytes.</summary>
    public int PageBytes { get; set; }

    /// <summary><c>aws.region</c>, or null for the SDK's chain.</summary>
    public string? AwsRegion { get; set; }

    /// <summary><c>aws.s3Endpoint</c>, or null.</summary>
    public string? S3Endpoint { get; set; }

    /// <summary>The <see cref="S3EncryptionKind"/> name (<c>s3.encryption</c>).</summary>
    public string S3Encryption { get; set; } = nameof(S3EncryptionKind.None);

    /// <summary><c>s3.kmsKeyId</c>, or null.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>The function for batch <paramref name="batchId"/> of a job configured with <paramref name="settings"/>.</summary>
    public static TableGroupWriter For(EtlSettings settings, long batchId)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TableGroupWriter
        {
            BatchId = batchId,
            Warehouse = settings.Warehouse,
            Compression = settings.Parquet.Compression.ToString(),
            RowGroupBytes = settings.Parquet.RowGroupBytes,
            PageBytes = settings.Parquet.PageBytes,
            AwsRegion = settings.Aws.Region,
            S3Endpoint = settings.Aws.S3Endpoint?.ToString(),
            S3Encryption = settings.Aws.S3Encryption.ToString(),
            KmsKeyId = settings.Aws.KmsKeyId,
        };
    }

    /// <summary>
    /// Writes the group(s) in <paramref name="rows"/> and returns one <see cref="WrittenFileRows"/> row per file. Runs on
    /// an executor, in Microsoft.Spark.Worker; the warehouse store is opened once per worker process.
    /// </summary>
    public RecordBatch Write(RecordBatch rows)
    {
        var aws = new AwsSettings(AwsRegion, null, S3Endpoint is null ? null : new Uri(S3Endpoint), null,
            Enum.Parse<S3EncryptionKind>(S3Encryption), KmsKeyId);

        // Spark calls the function synchronously; this is the one place an executor blocks on I/O. The batch goes to
        // the caller (the worker writes it back to Spark).
#pragma warning disable CA2000
        return WriteAsync(rows, ExecutorStores.Get(Warehouse, aws), CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore CA2000
    }

    /// <summary>What <see cref="Write"/> does, with the store given.</summary>
    internal async Task<RecordBatch> WriteAsync(RecordBatch rows, IObjectStore warehouse, CancellationToken cancellationToken)
    {
        var input = new TableRowBatch(rows);
        var files = new TableFileWriter(warehouse, new ParquetSettings(Enum.Parse<ParquetCompression>(Compression), RowGroupBytes, PageBytes, int.MaxValue));
        var written = new List<WrittenFile>();
        foreach (var (table, _, bucket, indexes) in input.Groups())
        {
            if (table == SparkEtlTables.Trades.Name)
            {
                written.Add(await files.WriteFileAsync(SparkEtlTables.Trades, input.Trades(indexes), BatchId, bucket, cancellationToken).ConfigureAwait(false));
            }
            else if (table == SparkEtlTables.Errors.Name)
            {
                written.Add(await files.WriteFileAsync(SparkEtlTables.Errors, input.Errors(indexes), BatchId, bucket, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                throw new ArgumentException($"The grouped-map input names table \"{table}\"; the executors write only {SparkEtlTables.Trades.Name} and {SparkEtlTables.Errors.Name}.", nameof(rows));
            }
        }

        return WrittenFileRows.ToBatch(written);
    }
}
