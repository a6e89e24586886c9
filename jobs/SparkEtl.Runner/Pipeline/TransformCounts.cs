using SparkEtl.Core.Transform;

namespace SparkEtl.Runner.Pipeline;

/// <summary>How many results of each kind the transform gave: Ok, Dropped by reason, failed by error type.</summary>
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

    /// <summary>Moves counts from an Ok trade to late-record, when the watermark refuses it.</summary>
    public void MarkLate()
    {
        Ok--;
        _failed[(int)ErrorType.LateRecord]++;
    }

    public void Add(TransformCounts other)
    {
        Ok += other.Ok;
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
