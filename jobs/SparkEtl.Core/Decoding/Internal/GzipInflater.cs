using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// Inflates gzip data (RFC 1952) into a pooled buffer, stopping one byte past a limit so a gzip
/// bomb costs at most the limit in memory and time.
/// </summary>
/// <remarks>
/// Concatenated members (RFC 1952 §2.2) inflate one after another into one output, as
/// <c>gzip -d</c> does; CloudWatch Logs sends one. <see cref="GZipStream"/> verifies each member's
/// CRC-32 and length when it reaches the member's trailer, but returns end-of-stream without an
/// error when the input is cut short, and ignores bytes after a member that are not gzip. So the
/// last eight bytes of the input must be the final member's trailer: its ISIZE equal to the whole
/// output's length (one member), or, with several members, its ISIZE and CRC-32 matching the
/// output's tail (and not empty, so zero padding is not taken for an empty member). A truncated
/// input passes that check only by chance (about 2^-32).
/// </remarks>
internal static class GzipInflater
{
    /// <summary>ID1 and ID2 of a gzip member header.</summary>
    public static ReadOnlySpan<byte> Magic => [0x1F, 0x8B];

    // The smallest gzip member: a 10-byte header, an empty deflate block (2 bytes) and an 8-byte trailer.
    private const int MinMemberLength = 20;

    private const int MinInitialCapacity = 4096;

    // JSON envelopes usually compress 5 to 10 times; start near the final size to save regrowth.
    private const int ExpectedRatio = 8;

    // The trailer's ISIZE is believed up to this ratio: JSON that compresses further is rarer than a forged trailer.
    private const int MaxTrustedRatio = 64;

    /// <summary>
    /// Inflates <paramref name="gzip"/>. On <see cref="InflateStatus.Inflated"/>, <paramref name="output"/>
    /// holds the bytes (at most <paramref name="limit"/>); the caller disposes it. Otherwise it is empty.
    /// </summary>
    public static InflateStatus Inflate(ReadOnlyMemory<byte> gzip, int limit, out ByteLease output)
    {
        output = default;
        var ceiling = (long)limit + 1;
        byte[]? buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(InitialCapacity(gzip.Span), ceiling));
        var length = 0;
        try
        {
            using (var source = new ReadOnlyMemoryStream(gzip))
            using (var inflater = new GZipStream(source, CompressionMode.Decompress))
            {
                while (true)
                {
                    // Room for one byte past the limit, so that data inflating past it shows.
                    var capacity = (int)Math.Min(buffer.Length, ceiling);
                    if (length == capacity)
                    {
                        // length <= limit here, so the capacity is below the ceiling and can grow.
                        buffer = Grow(buffer, length, ceiling);
                        capacity = (int)Math.Min(buffer.Length, ceiling);
                    }

                    var read = inflater.Read(buffer.AsSpan(length, capacity - length));
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > limit)
                    {
                        return InflateStatus.TooLarge;
                    }
                }
            }

            if (!EndsWithFinalTrailer(gzip.Span, buffer.AsSpan(0, length)))
            {
                return InflateStatus.Truncated;
            }

            output = new ByteLease(buffer, length);
            buffer = null;
            return InflateStatus.Inflated;
        }
        catch (InvalidDataException)
        {
            return InflateStatus.Corrupt;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    // Room for what the trailer says the data inflates to and one byte more (reading stops at a read that finds no more),
    // so a one-member record (CloudWatch's) is inflated without regrowth; else a guess from the compressed length.
    private static long InitialCapacity(ReadOnlySpan<byte> gzip)
    {
        var guess = Math.Max((long)gzip.Length * ExpectedRatio, MinInitialCapacity);
        if (gzip.Length < MinMemberLength)
        {
            return guess;
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(gzip[^4..]) + 1L;
        return size > guess && size <= (long)gzip.Length * MaxTrustedRatio ? size : guess;
    }

    private static byte[] Grow(byte[] buffer, int length, long ceiling)
    {
        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, ceiling));
        buffer.AsSpan(0, length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        return grown;
    }

    // RFC 1952 §2.3.1: a member ends with CRC32 then ISIZE (input length mod 2^32), little-endian.
    private static bool EndsWithFinalTrailer(ReadOnlySpan<byte> gzip, ReadOnlySpan<byte> inflated)
    {
        if (gzip.Length < MinMemberLength)
        {
            return false;
        }

        var crc = BinaryPrimitives.ReadUInt32LittleEndian(gzip[^8..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(gzip[^4..]);
        if (size == (uint)inflated.Length)
        {
            // One member (the CloudWatch Logs case): zlib checked this CRC when it read this trailer.
            return true;
        }

        // Several members: the final one inflated to the output's last ISIZE bytes. An empty final
        // member is not accepted: its trailer (CRC 0, ISIZE 0) is indistinguishable from zero padding.
        return size > 0 && size < (uint)inflated.Length && Crc32.Compute(inflated[^(int)size..]) == crc;
    }
}
