using SparkEtl.Core.Transform;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// How many results of each kind the transform gave: Ok, Dropped by reason, failed by error type; and how many of the
/// Ok trades came late for their window (they stay trades; each also has a <c>late-record</c> row in <c>errors</c>).
/// </summary>
public sealed class TransformCounts
{
    private readonly long[] _dropped = new long[DropReasons.All.Count];
    private readonly long[] _failed = new long[ErrorTypes.All.Count];

    public long Ok { get; private set; }

    public long DroppedTotal => _dropped.Sum();

    /// <summary>Every result: trades, drops and failures (ticker records and log events, not Kinesis records).</summary>
    public long Total => Ok + DroppedTotal + FailedTotal;

    public long FailedTotal => _failed.Sum();

    public long Dropped(DropReason reason) => _dropped[(int)reason];

    public long Failed(ErrorType type) => _failed[(int)type];

    public void AddOk(long count = 1) => Ok += count;

    public void AddDropped(DropReason reason, long count = 1) => _dropped[(int)reason] += count;

    public void AddFailed(ErrorType type, long count = 1) => _failed[(int)type] += count;

    /// <summary>Ok trades behind the watermark: in <c>trades</c>, left out of the bars, each with a <c>late-record</c> error row.</summary>
    public long Late { get; private set; }

    /// <summary>Rows of the <c>errors</c> table: transform failures and late-record rows.</summary>
    public long ErrorRows => FailedTotal + Late;

    /// <summary>Error rows of one type: the transform's failures, or the late trades for <c>late-record</c>.</summary>
    public long ErrorRowsOf(ErrorType type) => type == ErrorType.LateRecord ? Late + _failed[(int)type] : _failed[(int)type];

    /// <summary>
    /// These counts with <paramref name="late"/> more late trades, as a new object: the aggregator's result is added to
    /// the transform's counts for the report without changing what the decoder handed over.
    /// </summary>
    public TransformCounts WithLate(long late)
    {
        var counts = new TransformCounts();
        counts.Add(this);
        counts.Late += late;
        return counts;
    }

    public void Add(TransformCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Ok += other.Ok;
        Late += other.Late;
        for (var i = 0; i < _dropped.Length; i++)
        {
            _dropped[i] += other._dropped[i];
        }

        for (var i = 0; i < _failed.Length; i++)
        {
            _failed[i] += other._failed[i];
        }
    }
}
