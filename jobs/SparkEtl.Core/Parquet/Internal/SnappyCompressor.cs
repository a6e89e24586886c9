using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Compresses into the raw Snappy block format (google/snappy format_description.txt), which is what a
/// Parquet SNAPPY page holds: the uncompressed length as a varint, then literal and copy elements.
/// Allocation-free: the caller owns the destination and the hash table.
/// </summary>
/// <remarks>
/// The input is cut into 64 KiB blocks compressed independently, so every copy offset fits in two bytes.
/// Within a block, a hash of the next four bytes finds an earlier position that may start a match; the
/// search steps faster through data that keeps failing to match, which keeps incompressible input cheap.
/// Element tags (low two bits): 00 literal (length - 1 in the upper six bits, or 60..63 for 1..4 extra length
/// bytes), 01 copy of 4..11 bytes at offsets below 2048, 10 copy of 1..64 bytes with a 2-byte offset.
/// </remarks>
internal static class SnappyCompressor
{
    /// <summary>The hash table length <see cref="Compress"/> needs.</summary>
    public const int HashTableLength = 1 << MaxHashBits;

    private const int BlockSize = 1 << 16;
    private const int MaxHashBits = 14;
    private const int MinHashBits = 8;

    // The match search stops this many bytes before the block end, so that 4- and 8-byte loads stay inside.
    private const int InputMargin = 15;

    // Shorter blocks are not worth searching: they are one literal.
    private const int MinBlockLengthForMatches = 17;

    /// <summary>The largest output <see cref="Compress"/> can produce for a source of this length.</summary>
    public static int MaxCompressedLength(int sourceLength) => checked(32 + sourceLength + (sourceLength / 6));

    /// <summary>Compresses <paramref name="source"/> and returns the number of bytes written to <paramref name="destination"/>.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination, Span<ushort> hashTable)
    {
        if (destination.Length < MaxCompressedLength(source.Length))
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} bytes; compressing {source.Length} bytes may need {MaxCompressedLength(source.Length)}.",
                nameof(destination));
        }

        if (hashTable.Length < HashTableLength)
        {
            throw new ArgumentException($"The hash table must hold {HashTableLength} entries.", nameof(hashTable));
        }

        var written = WriteVarint(destination, (uint)source.Length);
        for (var start = 0; start < source.Length; start += BlockSize)
        {
            var block = source.Slice(start, Math.Min(BlockSize, source.Length - start));
            written += CompressBlock(block, destination[written..], hashTable);
        }

        return written;
    }

    private static int CompressBlock(ReadOnlySpan<byte> block, Span<byte> destination, Span<ushort> hashTable)
    {
        if (block.Length < MinBlockLengthForMatches)
        {
            return EmitLiteral(destination, block);
        }

        var hashBits = MinHashBits;
        while (hashBits < MaxHashBits && (1 << hashBits) < block.Length)
        {
            hashBits++;
        }

        var table = hashTable[..(1 << hashBits)];
        table.Clear();
        var shift = 32 - hashBits;

        ref var src = ref MemoryMarshal.GetReference(block);
        var searchLimit = block.Length - InputMargin;
        var written = 0;
        var nextEmit = 0;
        var s = 1;
        var nextHash = Hash(Load32(ref src, s), shift);

        while (true)
        {
            // Look for a position whose four bytes were seen before, skipping ahead faster the longer
            // nothing matches (every 32 misses add one to the step).
            var skip = 32;
            var nextS = s;
            int candidate;
            do
            {
                s = nextS;
                var step = skip >> 5;
                nextS = s + step;
                skip += step;
                if (nextS > searchLimit)
                {
                    goto EmitRemainder;
                }

                candidate = table[(int)nextHash];
                table[(int)nextHash] = (ushort)s;
                nextHash = Hash(Load32(ref src, nextS), shift);
            }
            while (Load32(ref src, s) != Load32(ref src, candidate));

            written += EmitLiteral(destination[written..], block[nextEmit..s]);

            // Emit copies for as long as the position right after a copy also matches.
            while (true)
            {
                var matchStart = s;
                s = ExtendMatch(block, candidate + 4, s + 4);
                written += EmitCopy(destination[written..], matchStart - candidate, s - matchStart);
                nextEmit = s;
                if (s >= searchLimit)
                {
                    goto EmitRemainder;
                }

                var eight = Load64(ref src, s - 1);
                table[(int)Hash((uint)eight, shift)] = (ushort)(s - 1);
                var currentHash = Hash((uint)(eight >> 8), shift);
                candidate = table[(int)currentHash];
                table[(int)currentHash] = (ushort)s;
                if ((uint)(eight >> 8) != Load32(ref src, candidate))
                {
                    nextHash = Hash((uint)(eight >> 16), shift);
                    s++;
                    break;
                }
            }
        }

    EmitRemainder:
        if (nextEmit < block.Length)
        {
            written += EmitLiteral(destination[written..], block[nextEmit..]);
        }

        return written;
    }

    /// <summary>Returns the end of the match that starts with <paramref name="s"/> equal to <paramref name="candidate"/> (candidate &lt; s).</summary>
    private static int ExtendMatch(ReadOnlySpan<byte> block, int candidate, int s)
    {
        ref var src = ref MemoryMarshal.GetReference(block);
        while (s <= block.Length - 8)
        {
            var difference = Load64(ref src, candidate) ^ Load64(ref src, s);
            if (difference != 0)
            {
                return s + (BitOperations.TrailingZeroCount(difference) >> 3);
            }

            candidate += 8;
            s += 8;
        }

        while (s < block.Length && block[candidate] == block[s])
        {
            candidate++;
            s++;
        }

        return s;
    }

    private static int EmitLiteral(Span<byte> destination, ReadOnlySpan<byte> literal)
    {
        var n = literal.Length - 1;
        int header;
        if (n < 60)
        {
            destination[0] = (byte)(n << 2);
            header = 1;
        }
        else if (n < 1 << 8)
        {
            destination[0] = 60 << 2;
            destination[1] = (byte)n;
            header = 2;
        }
        else if (n < 1 << 16)
        {
            destination[0] = 61 << 2;
            destination[1] = (byte)n;
            destination[2] = (byte)(n >> 8);
            header = 3;
        }
        else
        {
            destination[0] = 62 << 2;
            destination[1] = (byte)n;
            destination[2] = (byte)(n >> 8);
            destination[3] = (byte)(n >> 16);
            header = 4;
        }

        literal.CopyTo(destination[header..]);
        return header + literal.Length;
    }

    private static int EmitCopy(Span<byte> destination, int offset, int length)
    {
        // A 2-byte-offset copy carries at most 64 bytes. Long matches are cut so that the last piece is
        // still at least 4 bytes long, which the 1-byte-offset form needs.
        var written = 0;
        while (length >= 68)
        {
            written += EmitCopyWithTwoByteOffset(destination[written..], offset, 64);
            length -= 64;
        }

        if (length > 64)
        {
            written += EmitCopyWithTwoByteOffset(destination[written..], offset, 60);
            length -= 60;
        }

        if (length >= 12 || offset >= 2048)
        {
            return written + EmitCopyWithTwoByteOffset(destination[written..], offset, length);
        }

        destination[written] = (byte)(((offset >> 8) << 5) | ((length - 4) << 2) | 1);
        destination[written + 1] = (byte)offset;
        return written + 2;
    }

    private static int EmitCopyWithTwoByteOffset(Span<byte> destination, int offset, int length)
    {
        destination[0] = (byte)(((length - 1) << 2) | 2);
        destination[1] = (byte)offset;
        destination[2] = (byte)(offset >> 8);
        return 3;
    }

    private static int WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint fourBytes, int shift) => (fourBytes * 0x1E35A7BDu) >> shift;

    // Little-endian loads, so that byte k of the source is bits 8k..8k+7 of the result on any machine.
    // Callers keep offset + 4 (or + 8) within the block; see InputMargin.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load32(ref byte source, int offset)
    {
        var value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load64(ref byte source, int offset)
    {
        var value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }
}
