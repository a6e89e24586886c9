using System.Text.Json;
using SparkEtl.Core.Records;

namespace SparkEtl.Cli.Output;

/// <summary>
/// Writes Kinesis records to a capture file that <c>--source file:</c> replays: one JSON object per line as GetRecords
/// returns a record (<c>ShardId</c>, <c>SequenceNumber</c>, <c>PartitionKey</c>, <c>ApproximateArrivalTimestamp</c> in
/// epoch seconds with milliseconds, <c>Data</c> in base64). The file is written beside the target and moved over it on
/// <see cref="CompleteAsync"/>; disposed without it, nothing is left behind.
/// </summary>
internal sealed class CaptureFileWriter : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _partial;
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _json;
    private bool _completed;

    public CaptureFileWriter(string path)
    {
        _path = path;
        _partial = path + ".partial";
        _file = new FileStream(_partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        _json = new Utf8JsonWriter(_file);
    }

    /// <summary>Lines written so far.</summary>
    public long Lines { get; private set; }

    public async ValueTask WriteAsync(KinesisRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _json.WriteStartObject();
        _json.WriteString("ShardId", record.ShardId);
        _json.WriteString("SequenceNumber", record.SequenceNumber);
        _json.WriteString("PartitionKey", record.PartitionKey);
        _json.WriteNumber("ApproximateArrivalTimestamp", record.ApproximateArrivalMs / 1000m);
        _json.WriteBase64String("Data", record.Data.Span);
        _json.WriteEndObject();
        await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
        _json.Reset();
        _file.WriteByte((byte)'\n');
        Lines++;
    }

    /// <summary>Writes a line as it is (ticker NDJSON).</summary>
    public async ValueTask WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        await _file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        _file.WriteByte((byte)'\n');
        Lines++;
    }

    /// <summary>Makes the file whole: flushed, synced, and moved over the target.</summary>
    public async Task CompleteAsync()
    {
        await _json.FlushAsync().ConfigureAwait(false);
        await _json.DisposeAsync().ConfigureAwait(false);
        await _file.FlushAsync().ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Move(_partial, _path, overwrite: true);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_completed)
        {
            return;
        }

        // Abandoned: nothing written so far is kept.
        _json.Reset();
        await _json.DisposeAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Delete(_partial);
    }
}
