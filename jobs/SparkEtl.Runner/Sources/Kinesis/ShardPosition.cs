using System.Globalization;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources.Kinesis;

/// <summary>
/// Where the Kinesis source stands in one shard, as the checkpoint keeps it. Its token is one of:
/// <list type="bullet">
/// <item><c>trim</c>: nothing read yet; reading starts at the oldest record (TRIM_HORIZON);</item>
/// <item><c>at:EPOCH_MS</c>: nothing read yet; reading starts at the first record that arrived at or after that
/// time (AT_TIMESTAMP), which is how a LATEST start is pinned, so a restart does not skip what arrived meanwhile;</item>
/// <item><c>seq:N</c>: record N was the last one read; reading goes on after it (AFTER_SEQUENCE_NUMBER);</item>
/// <item><c>end:N</c>, <c>end:</c>: the shard is closed and was read to its end, N being its last record read
/// (none for <c>end:</c>); its children may be read.</item>
/// </list>
/// Every token names a point between records, so reading from it again gives the same records: no restart
/// skips or repeats one.
/// </summary>
public readonly record struct ShardPosition
{
    private ShardPosition(ShardPositionKind kind, string? sequenceNumber, long timestampMs)
    {
        Kind = kind;
        SequenceNumber = sequenceNumber;
        TimestampMs = timestampMs;
    }

    /// <summary>Nothing read; start at the oldest record (<c>trim</c>).</summary>
    public static ShardPosition TrimHorizon { get; } = new(ShardPositionKind.TrimHorizon, null, 0);

    public ShardPositionKind Kind { get; }

    /// <summary>The last record read, for <see cref="ShardPositionKind.After"/> and <see cref="ShardPositionKind.End"/>; null when none was.</summary>
    public string? SequenceNumber { get; }

    /// <summary>For <see cref="ShardPositionKind.AtTimestamp"/>: the arrival time reading starts at, epoch milliseconds.</summary>
    public long TimestampMs { get; }

    /// <summary>True when nothing was read from the shard yet.</summary>
    public bool IsStart => Kind is ShardPositionKind.TrimHorizon or ShardPositionKind.AtTimestamp;

    /// <summary>True when the shard is closed and fully read.</summary>
    public bool IsEnd => Kind == ShardPositionKind.End;

    /// <summary>The token kept in the checkpoint.</summary>
    public string Token => Kind switch
    {
        ShardPositionKind.TrimHorizon => "trim",
        ShardPositionKind.AtTimestamp => string.Create(CultureInfo.InvariantCulture, $"at:{TimestampMs}"),
        ShardPositionKind.After => "seq:" + SequenceNumber,
        _ => "end:" + SequenceNumber,
    };

    /// <summary>Nothing read; start at the first record that arrived at or after <paramref name="epochMs"/> (<c>at:</c>).</summary>
    public static ShardPosition AtTimestamp(long epochMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochMs);
        return new ShardPosition(ShardPositionKind.AtTimestamp, null, epochMs);
    }

    /// <summary>Record <paramref name="sequenceNumber"/> was the last one read (<c>seq:</c>).</summary>
    public static ShardPosition After(string sequenceNumber) =>
        new(ShardPositionKind.After, CheckSequenceNumber(sequenceNumber) ? sequenceNumber : throw new ArgumentException($"\"{sequenceNumber}\" is not a Kinesis sequence number.", nameof(sequenceNumber)), 0);

    /// <summary>The shard ended here: after this position there is nothing more to read (<c>end:</c>).</summary>
    public ShardPosition Ended() => new(ShardPositionKind.End, SequenceNumber, 0);

    /// <summary>
    /// True when both name the same point between records: equal tokens, or <c>seq:N</c> and <c>end:N</c>
    /// (the end adds only the knowledge that nothing follows).
    /// </summary>
    public bool IsSamePoint(ShardPosition other) =>
        this == other || (SequenceNumber is not null && SequenceNumber == other.SequenceNumber);

    /// <summary>Where an iterator must start to read what follows this position; an ended shard has none.</summary>
    public ShardIteratorPosition ToIteratorPosition() => Kind switch
    {
        ShardPositionKind.TrimHorizon => ShardIteratorPosition.TrimHorizon,
        ShardPositionKind.AtTimestamp => ShardIteratorPosition.AtTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(TimestampMs)),
        ShardPositionKind.After => ShardIteratorPosition.AfterSequenceNumber(SequenceNumber!),
        _ => throw new InvalidOperationException($"Shard position {Token} is the end of a closed shard; there is nothing after it to read."),
    };

    /// <summary>True when <paramref name="record"/> comes after this position (always, at a start).</summary>
    public bool Precedes(KinesisRecord record) =>
        SequenceNumber is null || SourcePosition.CompareDecimal(SequenceNumber, record.SequenceNumber) < 0;

    /// <summary>Parses a token; <paramref name="where"/> says where it came from, for the message.</summary>
    public static ShardPosition Parse(string token, string where)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token == "trim")
        {
            return TrimHorizon;
        }

        if (token.StartsWith("at:", StringComparison.Ordinal)
            && long.TryParse(token.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return AtTimestamp(ms);
        }

        if (token.StartsWith("seq:", StringComparison.Ordinal) && CheckSequenceNumber(token[4..]))
        {
            return After(token[4..]);
        }

        if (token.StartsWith("end:", StringComparison.Ordinal) && (token.Length == 4 || CheckSequenceNumber(token[4..])))
        {
            return new ShardPosition(ShardPositionKind.End, token.Length == 4 ? null : token[4..], 0);
        }

        throw new SparkEtlException(
            $"A Kinesis shard position is trim, at:EPOCH_MS, seq:SEQUENCE_NUMBER or end:[SEQUENCE_NUMBER]; got \"{token}\" in {where}. Was the checkpoint made by another source?");
    }

    public override string ToString() => Token;

    // Kinesis API: SequenceNumber matches 0|([1-9]\d{0,128}).
    private static bool CheckSequenceNumber(string text) =>
        text.Length is > 0 and <= 129
        && (text == "0" || (text[0] is >= '1' and <= '9' && !text.AsSpan().ContainsAnyExceptInRange('0', '9')));
}
