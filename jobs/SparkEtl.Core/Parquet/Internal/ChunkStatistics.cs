namespace SparkEtl.Core.Parquet.Internal;

/// <summary>A column chunk's statistics as the footer records them (see <see cref="StatisticsValues"/>).</summary>
/// <param name="NullCount">Nulls in the chunk.</param>
/// <param name="NanCount">NaN values in the chunk, for DOUBLE; null for other types.</param>
/// <param name="Min">min_value bytes, or null when the chunk has no value that bounds can be taken from.</param>
/// <param name="Max">max_value bytes, null exactly when <paramref name="Min"/> is.</param>
/// <param name="WriteLegacyMinMax">Whether the deprecated min/max fields repeat the bounds.</param>
internal sealed record ChunkStatistics(long NullCount, long? NanCount, byte[]? Min, byte[]? Max, bool WriteLegacyMinMax)
{
    public StatisticsValues View() => Min is null || Max is null
        ? new StatisticsValues(NullCount, NanCount, default, default, hasBounds: false, WriteLegacyMinMax)
        : new StatisticsValues(NullCount, NanCount, Min, Max, hasBounds: true, WriteLegacyMinMax);
}
