using System.Text.Unicode;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// A bounded intern pool: the few values that repeat on every record (ticker symbols, sectors,
/// log groups) are looked up by their characters without allocating, and a value seen before is
/// returned as the same string instance. Once <see cref="Capacity"/> values are held, new values
/// are still returned (freshly allocated) but not added, so hostile input cannot grow the pool.
/// Not thread-safe: one pool per owner, one owner per thread.
/// </summary>
internal sealed class StringPool
{
    /// <summary>Longest UTF-8 value <see cref="InternUtf8"/> looks up in the pool (CloudWatch log group names are at most 512 characters).</summary>
    internal const int MaxUtf8LookupLength = 512;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
#if NET9_0_OR_GREATER
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
#endif

    public StringPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
#if NET9_0_OR_GREATER
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
    }

    /// <summary>How many distinct values the pool keeps at most.</summary>
    public int Capacity { get; }

    /// <summary>How many values the pool holds.</summary>
    public int Count => _strings.Count;

    /// <summary>The pooled string equal to <paramref name="value"/>, adding it while there is room.</summary>
    public string Intern(ReadOnlySpan<char> value) => Intern(value, out _);

    /// <summary>
    /// The pooled string equal to <paramref name="value"/>, adding it while there is room; <paramref name="pooled"/> is
    /// false when the pool is full and the string returned is a new one.
    /// </summary>
    public string Intern(ReadOnlySpan<char> value, out bool pooled)
    {
        pooled = true;
#if NET9_0_OR_GREATER
        if (_lookup.TryGetValue(value, out var existing))
        {
            return existing;
        }

        var created = new string(value);
#else
        // net8.0 (the Spark job's build, for Microsoft.Spark.Worker) has no span lookup: one string per call.
        var created = new string(value);
        if (_strings.TryGetValue(created, out var existing))
        {
            return existing;
        }
#endif
        if (_strings.Count < Capacity)
        {
            _strings.Add(created, created);
        }
        else
        {
            pooled = false;
        }

        return created;
    }

    /// <summary>
    /// The pooled string for UTF-8 <paramref name="utf8"/> (invalid sequences become U+FFFD).
    /// Values longer than <see cref="MaxUtf8LookupLength"/> bytes are decoded and not pooled.
    /// </summary>
    [System.Runtime.CompilerServices.SkipLocalsInit] // the buffer is read only where the decoder wrote it
    public string InternUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxUtf8LookupLength)
        {
            return System.Text.Encoding.UTF8.GetString(utf8);
        }

        // A UTF-8 byte never decodes to more than one UTF-16 unit, so the buffer always suffices.
        Span<char> chars = stackalloc char[MaxUtf8LookupLength];
        Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: true);
        return Intern(chars[..written]);
    }
}
