using System.Buffers;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// A pooled buffer reused for one value at a time (an unescaped log message), grown on demand.
/// A mutable struct: pass it by <c>ref</c> and dispose it once, in a <c>finally</c>.
/// </summary>
internal struct ScratchBuffer : IDisposable
{
    private const int MinSize = 4096;

    private byte[]? _array;

    /// <summary>A span of at least <paramref name="size"/> bytes; its earlier content is not kept.</summary>
    public Span<byte> Get(int size)
    {
        if (_array is null || _array.Length < size)
        {
            Dispose();
            _array = ArrayPool<byte>.Shared.Rent(Math.Max(size, MinSize));
        }

        return _array;
    }

    /// <summary>The first <paramref name="length"/> bytes written into the span <see cref="Get"/> last returned.</summary>
    public readonly ReadOnlySpan<byte> Written(int length) => _array.AsSpan(0, length);

    public void Dispose()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }
    }
}
