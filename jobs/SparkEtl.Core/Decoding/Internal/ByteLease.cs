using System.Buffers;

namespace SparkEtl.Core.Decoding.Internal;

/// <summary>
/// Bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>, sliced to the length written.
/// Dispose exactly once (a <c>using</c> declaration); nothing read from it may outlive it, so a
/// value that is kept is copied out first.
/// </summary>
internal readonly struct ByteLease : IDisposable
{
    private readonly byte[]? _array;

    public ByteLease(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _array is null ? default : _array.AsSpan(0, Length);

    public void Dispose()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
