using System.Diagnostics;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Encodes non-negative integers of a fixed bit width in Parquet's RLE/bit-packing hybrid (Encodings.md,
/// "Run Length Encoding / Bit-Packing Hybrid"), without the 4-byte length prefix (callers add it where the
/// page kind needs it). Reusable: <see cref="Begin"/>, any number of <see cref="Write"/>, then <see cref="End"/>.
/// </summary>
/// <remarks>
/// Values are taken in groups of eight. A value repeated at least eight times in a row becomes an RLE run
/// (<c>varint(count &lt;&lt; 1)</c>, then the value in ceil(width / 8) little-endian bytes); everything else
/// is bit-packed eight at a time, least significant bit first, in runs of at most 63 groups so that the run
/// header <c>varint(groups &lt;&lt; 1 | 1)</c> is always one byte and can be written after its groups. The
/// last group is padded with zeros; readers stop after the page's value count.
/// </remarks>
internal sealed class RleBitPackedHybridEncoder
{
    private const int GroupSize = 8;
    private const int MaxGroupsPerBitPackedRun = 63;

    private readonly int[] _group = new int[GroupSize];
    private PooledByteBuffer? _output;
    private int _bitWidth;
    private int _groupCount;
    private int _previous;
    private int _repeatCount;
    private int _bitPackedHeaderPosition = -1;
    private int _bitPackedGroups;

    /// <summary>Starts a new encoded stream appended to <paramref name="output"/>.</summary>
    public void Begin(PooledByteBuffer output, int bitWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitWidth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitWidth, 32);
        _output = output;
        _bitWidth = bitWidth;
        _groupCount = 0;
        _previous = 0;
        _repeatCount = 0;
        _bitPackedHeaderPosition = -1;
        _bitPackedGroups = 0;
    }

    public void Write(int value)
    {
        Debug.Assert(value >= 0 && (_bitWidth == 32 || value >> _bitWidth == 0), "Value wider than the bit width.");
        if (value == _previous)
        {
            _repeatCount++;
            if (_repeatCount >= GroupSize)
            {
                // Inside an RLE run: only the count grows. The run's first seven values sit in the group
                // buffer and are dropped when the run is written.
                return;
            }
        }
        else
        {
            if (_repeatCount >= GroupSize)
            {
                WriteRleRun();
            }

            _repeatCount = 1;
            _previous = value;
        }

        _group[_groupCount++] = value;
        if (_groupCount == GroupSize)
        {
            WriteBitPackedGroup();
        }
    }

    /// <summary>Writes whatever is pending; the stream is complete after this.</summary>
    public void End()
    {
        if (_repeatCount >= GroupSize)
        {
            WriteRleRun();
        }
        else if (_groupCount > 0)
        {
            _group.AsSpan(_groupCount).Clear();
            _groupCount = GroupSize;
            WriteBitPackedGroup();
        }

        CloseBitPackedRun();
        _output = null;
    }

    private void WriteBitPackedGroup()
    {
        var output = _output!;
        if (_bitPackedGroups == MaxGroupsPerBitPackedRun)
        {
            CloseBitPackedRun();
        }

        if (_bitPackedHeaderPosition < 0)
        {
            _bitPackedHeaderPosition = output.Reserve(1);
        }

        // Eight values of w bits fill exactly w bytes; at most 7 + 32 bits are ever held.
        var span = output.GetSpan(_bitWidth);
        ulong bits = 0;
        var held = 0;
        var written = 0;
        for (var i = 0; i < GroupSize; i++)
        {
            bits |= (ulong)(uint)_group[i] << held;
            held += _bitWidth;
            while (held >= 8)
            {
                span[written++] = (byte)bits;
                bits >>= 8;
                held -= 8;
            }
        }

        output.Advance(written);
        _bitPackedGroups++;
        _groupCount = 0;

        // The group's values are committed; a repeat must start counting afresh to become a run.
        _repeatCount = 0;
    }

    private void CloseBitPackedRun()
    {
        if (_bitPackedHeaderPosition < 0)
        {
            return;
        }

        _output!.WrittenSlice(_bitPackedHeaderPosition, 1)[0] = (byte)((_bitPackedGroups << 1) | 1);
        _bitPackedHeaderPosition = -1;
        _bitPackedGroups = 0;
    }

    private void WriteRleRun()
    {
        CloseBitPackedRun();
        var output = _output!;
        var header = (uint)_repeatCount << 1;
        var span = output.GetSpan(5 + 4);
        var i = 0;
        while (header >= 0x80)
        {
            span[i++] = (byte)(header | 0x80);
            header >>= 7;
        }

        span[i++] = (byte)header;
        var value = (uint)_previous;
        for (var b = 0; b < (_bitWidth + 7) / 8; b++)
        {
            span[i++] = (byte)(value >> (8 * b));
        }

        output.Advance(i);
        _repeatCount = 0;
        _groupCount = 0;
    }
}
