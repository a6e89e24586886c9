namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// The smallest and largest value of a run of buffered values, as indices into the column buffer, in the
/// column's statistics order; -1 when no value qualifies (all null, or all NaN). NaN values are only counted.
/// </summary>
internal readonly record struct ValueBounds(int MinIndex, int MaxIndex, long NanCount)
{
    public static ValueBounds None => new(-1, -1, 0);

    public bool HasValues => MinIndex >= 0;

    /// <summary>The bounds of two runs together.</summary>
    public ValueBounds Merge(ValueBounds other, ColumnBuffer column)
    {
        if (!other.HasValues)
        {
            return this with { NanCount = NanCount + other.NanCount };
        }

        if (!HasValues)
        {
            return other with { NanCount = NanCount + other.NanCount };
        }

        return new ValueBounds(
            column.Compare(other.MinIndex, MinIndex) < 0 ? other.MinIndex : MinIndex,
            column.Compare(other.MaxIndex, MaxIndex) > 0 ? other.MaxIndex : MaxIndex,
            NanCount + other.NanCount);
    }
}
