namespace SparkEtl.Core.Transform.Internal;

/// <summary>UTF-8 text held in a part of an array someone else owns (a <see cref="TradeBuffer"/>'s slab); default: none.</summary>
internal readonly record struct Utf8Slice(byte[]? Array, int Start, int Length)
{
    public bool IsSet => Array is not null;

    public ReadOnlySpan<byte> Span => Array is null ? default : Array.AsSpan(Start, Length);

    public string? ToStringOrNull() => Array is null ? null : System.Text.Encoding.UTF8.GetString(Array, Start, Length);
}
