using SparkEtl.Core.Aggregation;

namespace SparkEtl.Runner.Pipeline;

/// <summary>The totals of a run: records in, transform results, rows and files per table, speed.</summary>
public sealed class RunSummary
{
    private readonly Dictionary<string, (long Rows, int Files, long Bytes)> _tables = new(StringComparer.Ordinal);
    private readonly List<OhlcBar> _sampleBars = [];

    public RunSummary(IEnumerable<string> tableNames)
    {
        foreach (var name in tableNames)
        {
            _tables[name] = (0, 0, 0);
        }
    }

    public long Batches { get; private set; }

    /// <summary>The last batch committed before this run started, or -1 for a new checkpoint.</summary>
    public long ResumedAfterBatch { get; set; } = -1;

    /// <summary>The batch this run read again after a crash, or null.</summary>
    public long? ReplayedBatch { get; set; }

    public long InputRecords { get; private set; }

    public long InputBytes { get; private set; }

    public TransformCounts Counts { get; } = new();

    public TimeSpan Elapsed { get; set; }

    /// <summary>Windows still open at the end of the run: they are written once the watermark passes their end.</summary>
    public int OpenWindows { get; set; }

    /// <summary>The watermark in force at the end of the run, epoch ms (<see cref="long.MinValue"/> before any trade).</summary>
    public long WatermarkMs { get; set; } = long.MinValue;

    /// <summary>The tables in the order they were named, with rows, files and bytes written.</summary>
    public IReadOnlyList<(string Table, long Rows, int Files, long Bytes)> Tables =>
        [.. _tables.Select(t => (t.Key, t.Value.Rows, t.Value.Files, t.Value.Bytes))];

    /// <summary>The first bars of the first symbol emitted, kept to show what the run produced.</summary>
    public IReadOnlyList<OhlcBar> SampleBars => _sampleBars;

    /// <summary>Transform results (trades, drops and failures): ticker records and log events, not Kinesis records.</summary>
    public long Results => Counts.Total;

    /// <summary>Transform results per second of the whole run.</summary>
    public double ResultsPerSecond => Elapsed.TotalSeconds > 0 ? Results / Elapsed.TotalSeconds : 0;

    public void Add(BatchReport batch, IReadOnlyList<OhlcBar> bars, int keepBars)
    {
        Batches++;
        InputRecords += batch.InputRecords;
        InputBytes += batch.InputBytes;
        Counts.Add(batch.Counts);
        foreach (var file in batch.Files)
        {
            var (rows, files, bytes) = _tables.GetValueOrDefault(file.Table);
            _tables[file.Table] = (rows + file.Rows, files + 1, bytes + file.Bytes);
        }

        foreach (var bar in bars)
        {
            if (_sampleBars.Count < keepBars && (_sampleBars.Count == 0 || bar.Symbol == _sampleBars[0].Symbol))
            {
                _sampleBars.Add(bar);
            }
        }
    }
}
