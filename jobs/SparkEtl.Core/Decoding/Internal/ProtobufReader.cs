namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// A bounds-checked reader of protobuf wire format over a span: tags, varints, length-delimited
/// fields, and skipping of unknown fields by wire type. Every method returns false on malformed or
/// truncated input instead of throwing; after false the reader's position is unspecified.
/// </summary>
internal ref struct ProtobufReader
{
    private readonly ReadOnlySpan<byte> _buffer;

    public ProtobufReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        Position = 0;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public int Position { get; private set; }

    public readonly bool End => Position >= _buffer.Length;

    /// <summary>A base-128 varint of at most ten bytes whose value fits 64 bits.</summary>
    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (Position >= _buffer.Length)
            {
                return false;
            }

            var b = _buffer[Position++];
            if (shift == 63 && b > 1)
            {
                // The tenth byte may only carry bit 63.
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A field key: field number (1 to 2^29 - 1) and wire type.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        field = 0;
        wireType = WireType.Varint;
        if (!TryReadVarint(out var key) || key > uint.MaxValue)
        {
            return false;
        }

        field = (int)(key >> 3);
        wireType = (WireType)(key & 7);
        return field > 0 && wireType <= WireType.Fixed32;
    }

    /// <summary>A length-delimited value: its offset and length within the buffer, the length checked against what is left.</summary>
    public bool TryReadLengthDelimited(out int offset, out int length)
    {
        offset = 0;
        length = 0;
        if (!TryReadVarint(out var size) || size > (ulong)(_buffer.Length - Position))
        {
            return false;
        }

        offset = Position;
        length = (int)size;
        Position += length;
        return true;
    }

    /// <summary>Skips a value of an unknown field. Groups (wire types 3 and 4, deprecated) are not skipped: false.</summary>
    public bool TrySkip(WireType wireType) => wireType switch
    {
        WireType.Varint => TryReadVarint(out _),
        WireType.Fixed64 => TryAdvance(8),
        WireType.LengthDelimited => TryReadLengthDelimited(out _, out _),
        WireType.Fixed32 => TryAdvance(4),
        _ => false,
    };

    private bool TryAdvance(int count)
    {
        if (count > _buffer.Length - Position)
        {
            return false;
        }

        Position += count;
        return true;
    }
}
