using System.Globalization;

namespace SparkEtl.Core.Records;

/// <summary>
/// Where a value came from: shard, sequence number, KPL sub-sequence number (or <see cref="None"/>)
/// and the index of the log event within a CloudWatch envelope (or <see cref="None"/>).
/// Positions are totally ordered; the order breaks event-time ties (open and close of a bar).
/// </summary>
/// <remarks>
/// A sequence number is a decimal string of up to 128 digits as Kinesis gives it, or, for records a file source numbers
/// itself (a line number), a number held as such, so that reading a line makes no string. The two forms are the same
/// value: <see cref="SequenceNumber"/> gives the text of either, and equality, hashing and order do not depend on the form.
/// </remarks>
public readonly struct SourcePosition : IComparable<SourcePosition>, IEquatable<SourcePosition>
{
    /// <summary>Marks an absent sub-sequence number or event index.</summary>
    public const int None = -1;

    // Long enough for any long in decimal.
    private const int MaxNumberDigits = 20;

    private readonly string? _sequenceText;

    // The sequence number plus one when it is held as a number; 0 when it is held as text (or absent, in the default).
    private readonly long _sequenceNumberPlusOne;

    public SourcePosition(string shardId, string sequenceNumber, long subSequence, int eventIndex)
    {
        ShardId = shardId;
        _sequenceText = sequenceNumber;
        SubSequence = subSequence;
        EventIndex = eventIndex;
    }

    /// <summary>A position whose sequence number is held as a number (0 or more), such as a file's line number.</summary>
    public SourcePosition(string shardId, long sequenceNumber, long subSequence, int eventIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceNumber);
        ArgumentOutOfRangeException.ThrowIfEqual(sequenceNumber, long.MaxValue);
        ShardId = shardId;
        _sequenceNumberPlusOne = sequenceNumber + 1;
        SubSequence = subSequence;
        EventIndex = eventIndex;
    }

    public string ShardId { get; init; }

    /// <summary>The sequence number as decimal text (made on each read when it is held as a number).</summary>
    public string SequenceNumber => _sequenceText ?? (_sequenceNumberPlusOne == 0 ? null! : (_sequenceNumberPlusOne - 1).ToString(CultureInfo.InvariantCulture));

    public long SubSequence { get; init; }

    public int EventIndex { get; init; }

    // Held as a number (then there is no text); otherwise held as text, or absent in the default position.
    private bool IsNumeric => _sequenceNumberPlusOne != 0;

    /// <summary>
    /// The sequence number as UTF-8 decimal text in <paramref name="utf8"/>, without making a string, when it is held as
    /// a number; false when it is held as text (read <see cref="SequenceNumber"/>).
    /// </summary>
    public bool TryFormatNumericSequenceNumber(Span<byte> utf8, out int written)
    {
        if (!IsNumeric)
        {
            written = 0;
            return false;
        }

        return (_sequenceNumberPlusOne - 1).TryFormat(utf8, out written, default, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Orders by shard id (ordinal), then sequence number as an unsigned decimal integer,
    /// then sub-sequence, then event index.
    /// </summary>
    public int CompareTo(SourcePosition other)
    {
        var byShard = string.CompareOrdinal(ShardId, other.ShardId);
        if (byShard != 0)
        {
            return byShard;
        }

        var bySequence = _sequenceText is null && other._sequenceText is null
            ? _sequenceNumberPlusOne.CompareTo(other._sequenceNumberPlusOne)
            : CompareDecimal(SequenceChars(stackalloc char[MaxNumberDigits]), other.SequenceChars(stackalloc char[MaxNumberDigits]));
        if (bySequence != 0)
        {
            return bySequence;
        }

        var bySub = SubSequence.CompareTo(other.SubSequence);
        return bySub != 0 ? bySub : EventIndex.CompareTo(other.EventIndex);
    }

    /// <summary>Compares two unsigned decimal strings by value without parsing them.</summary>
    public static int CompareDecimal(string left, string right) => CompareDecimal(left.AsSpan(), right.AsSpan());

    /// <summary>Compares two unsigned decimal numbers written as text by value without parsing them.</summary>
    public static int CompareDecimal(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        var a = left.TrimStart('0');
        var b = right.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
    }

    /// <summary>Equal when shard, sequence number (as text), sub-sequence and event index are equal.</summary>
    public bool Equals(SourcePosition other)
    {
        if (ShardId != other.ShardId || SubSequence != other.SubSequence || EventIndex != other.EventIndex)
        {
            return false;
        }

        if (IsNumeric == other.IsNumeric)
        {
            return IsNumeric ? _sequenceNumberPlusOne == other._sequenceNumberPlusOne : _sequenceText == other._sequenceText;
        }

        // One is held as a number, the other as text (or is absent, which equals only another absent one).
        var text = IsNumeric ? other._sequenceText : _sequenceText;
        return text is not null && (IsNumeric ? this : other).SequenceChars(stackalloc char[MaxNumberDigits]).SequenceEqual(text);
    }

    public override bool Equals(object? obj) => obj is SourcePosition other && Equals(other);

    // An absent sequence number hashes as empty text: equal positions still hash alike.
    public override int GetHashCode() =>
        HashCode.Combine(ShardId, string.GetHashCode(SequenceChars(stackalloc char[MaxNumberDigits])), SubSequence, EventIndex);

    /// <summary>A readable form for error messages: <c>shard shardId-000000000001, sequence 4960…, sub-sequence 2</c>.</summary>
    public override string ToString()
    {
        var text = $"shard {ShardId}, sequence {SequenceNumber}";
        if (SubSequence != None)
        {
            text += $", sub-sequence {SubSequence}";
        }

        if (EventIndex != None)
        {
            text += $", log event #{EventIndex}";
        }

        return text;
    }

    /// <summary>The sequence number's text: the held string, or the number written into <paramref name="scratch"/>.</summary>
    private ReadOnlySpan<char> SequenceChars(Span<char> scratch)
    {
        if (!IsNumeric)
        {
            return _sequenceText;
        }

        (_sequenceNumberPlusOne - 1).TryFormat(scratch, out var written, default, CultureInfo.InvariantCulture);
        return scratch[..written];
    }

    public static bool operator ==(SourcePosition left, SourcePosition right) => left.Equals(right);

    public static bool operator !=(SourcePosition left, SourcePosition right) => !left.Equals(right);

    public static bool operator <(SourcePosition left, SourcePosition right) => left.CompareTo(right) < 0;

    public static bool operator >(SourcePosition left, SourcePosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(SourcePosition left, SourcePosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SourcePosition left, SourcePosition right) => left.CompareTo(right) >= 0;
}
