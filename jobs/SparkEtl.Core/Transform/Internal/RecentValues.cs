using System.Runtime.CompilerServices;

namespace SparkEtl.Core.Transform.Internal;

/// <summary>
/// The string a plain JSON string value was last read as, by the value's bytes as written (escapes kept): a direct-mapped
/// table of 256 entries in front of a <see cref="StringPool"/>, so a value seen on an earlier record (a symbol, a sector)
/// is found by comparing a few bytes instead of being checked, decoded and looked up again. Only valid values the pool
/// holds are kept, and the same bytes always read the same, so a hit gives what reading them would. Not thread-safe.
/// </summary>
internal sealed class RecentValues
{
    private const int Slots = 256;

    // Longer values are read every time; symbols and sectors are shorter.
    private const int MaxBytes = 64;

    private readonly byte[]?[] _bytes = new byte[]?[Slots];
    private readonly int[] _lengths = new int[Slots];
    private readonly string?[] _values = new string?[Slots];

    /// <summary>The string <paramref name="field"/> was read as before, when it is a single string value seen before.</summary>
    public bool TryGet(in CapturedField field, ReadOnlySpan<byte> json, out string? value)
    {
        value = null;
        if (!IsOneShortString(field))
        {
            return false;
        }

        var raw = field.Raw(json);
        var slot = Slot(raw);
        if (_values[slot] is { } known && _lengths[slot] == raw.Length && raw.SequenceEqual(_bytes[slot].AsSpan(0, raw.Length)))
        {
            value = known;
            return true;
        }

        return false;
    }

    /// <summary>Keeps <paramref name="value"/> as what the valid single string <paramref name="field"/> reads as.</summary>
    public void Set(in CapturedField field, ReadOnlySpan<byte> json, string value)
    {
        if (!IsOneShortString(field))
        {
            return;
        }

        var raw = field.Raw(json);
        var slot = Slot(raw);
        var bytes = _bytes[slot] ??= new byte[MaxBytes];
        raw.CopyTo(bytes);
        _lengths[slot] = raw.Length;
        _values[slot] = value;
    }

    private static bool IsOneShortString(in CapturedField field) =>
        field.Count == 1 && field.Type == System.Text.Json.JsonTokenType.String && field.Length <= MaxBytes;

    // FNV-1a over the bytes, folded to a slot.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ReadOnlySpan<byte> raw)
    {
        var hash = 2166136261u;
        foreach (var b in raw)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)((hash ^ (hash >> 16)) & (Slots - 1));
    }
}
