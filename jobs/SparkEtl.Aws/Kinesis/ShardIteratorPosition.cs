using System.Globalization;

namespace SparkEtl.Aws.Kinesis;

/// <summary>Where to start reading a shard: an iterator type with its sequence number or timestamp when it needs one.</summary>
public sealed record ShardIteratorPosition
{
    private ShardIteratorPosition(ShardIteratorType type, string? sequenceNumber, DateTimeOffset? timestamp)
    {
        Type = type;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
    }

    public static ShardIteratorPosition TrimHorizon { get; } = new(ShardIteratorType.TrimHorizon, null, null);

    public static ShardIteratorPosition Latest { get; } = new(ShardIteratorType.Latest, null, null);

    public ShardIteratorType Type { get; }

    /// <summary>The sequence number for <see cref="ShardIteratorType.AtSequenceNumber"/> and <see cref="ShardIteratorType.AfterSequenceNumber"/>.</summary>
    public string? SequenceNumber { get; }

    /// <summary>The arrival time for <see cref="ShardIteratorType.AtTimestamp"/>; Kinesis keeps it to the millisecond.</summary>
    public DateTimeOffset? Timestamp { get; }

    public static ShardIteratorPosition AtSequenceNumber(string sequenceNumber) => new(ShardIteratorType.AtSequenceNumber, CheckSequenceNumber(sequenceNumber), null);

    public static ShardIteratorPosition AfterSequenceNumber(string sequenceNumber) => new(ShardIteratorType.AfterSequenceNumber, CheckSequenceNumber(sequenceNumber), null);

    public static ShardIteratorPosition AtTimestamp(DateTimeOffset timestamp) => new(ShardIteratorType.AtTimestamp, null, timestamp);

    public override string ToString() => Type switch
    {
        ShardIteratorType.AtSequenceNumber or ShardIteratorType.AfterSequenceNumber => $"{Type} {SequenceNumber}",
        ShardIteratorType.AtTimestamp => $"{Type} {Timestamp!.Value.ToString("O", CultureInfo.InvariantCulture)}",
        _ => Type.ToString(),
    };

    // Kinesis API: SequenceNumber matches 0|([1-9]\d{0,128}).
    private static string CheckSequenceNumber(string sequenceNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequenceNumber);
        var valid = sequenceNumber.Length <= 129
            && (sequenceNumber == "0" || (sequenceNumber[0] is >= '1' and <= '9' && sequenceNumber.AsSpan().ContainsAnyExceptInRange('0', '9') == false));
        if (!valid)
        {
            throw new ArgumentException($"A Kinesis sequence number is 0 or a decimal of up to 129 digits without leading zeros, got \"{sequenceNumber}\".", nameof(sequenceNumber));
        }

        return sequenceNumber;
    }
}
