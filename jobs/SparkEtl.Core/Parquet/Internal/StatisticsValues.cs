namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// The content of a Parquet Statistics struct for a page or column chunk, borrowing the bound bytes
/// (PLAIN encoding; byte arrays without their length prefix).
/// </summary>
internal readonly ref struct StatisticsValues
{
    public StatisticsValues(
        long nullCount, long? nanCount, ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, bool hasBounds, bool writeLegacyMinMax)
    {
        NullCount = nullCount;
        NanCount = nanCount;
        Min = min;
        Max = max;
        HasBounds = hasBounds;
        WriteLegacyMinMax = writeLegacyMinMax;
    }

    public long NullCount { get; }

    public long? NanCount { get; }

    public ReadOnlySpan<byte> Min { get; }

    public ReadOnlySpan<byte> Max { get; }

    /// <summary>False when no value bounds the data (all null or all NaN): min and max are then left out.</summary>
    public bool HasBounds { get; }

    public bool WriteLegacyMinMax { get; }
}
