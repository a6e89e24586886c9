using System.Collections.Immutable;

namespace SparkEtl.Status.Internal;

/// <summary>The sums over every batch fed to the server (not only the kept ones): what the <c>/metrics</c> counters say.</summary>
internal sealed class StatusTotals
{
    public static readonly StatusTotals None = new(0, 0, 0, 0,
        ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal));

    private StatusTotals(
        long batches, long replayedBatches, long inputRows, long outputFiles,
        ImmutableSortedDictionary<string, long> rowsPerTable,
        ImmutableSortedDictionary<string, long> errorsByType,
        ImmutableSortedDictionary<string, long> droppedByReason)
    {
        Batches = batches;
        ReplayedBatches = replayedBatches;
        InputRows = inputRows;
        OutputFiles = outputFiles;
        RowsPerTable = rowsPerTable;
        ErrorsByType = errorsByType;
        DroppedByReason = droppedByReason;
    }

    public long Batches { get; }

    public long ReplayedBatches { get; }

    public long InputRows { get; }

    public long OutputFiles { get; }

    public ImmutableSortedDictionary<string, long> RowsPerTable { get; }

    public ImmutableSortedDictionary<string, long> ErrorsByType { get; }

    public ImmutableSortedDictionary<string, long> DroppedByReason { get; }

    public long Errors => ErrorsByType.Values.Sum();

    /// <summary>These totals with one more batch added.</summary>
    public StatusTotals Plus(BatchPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var progress = point.Progress;
        return new StatusTotals(
            Batches + 1,
            ReplayedBatches + (progress.Replayed ? 1 : 0),
            InputRows + progress.NumInputRows,
            OutputFiles + progress.Sink.NumFiles,
            Sum(RowsPerTable, progress.RowsPerTable),
            Sum(ErrorsByType, progress.ErrorsByType),
            Sum(DroppedByReason, progress.DroppedByReason));
    }

    private static ImmutableSortedDictionary<string, long> Sum(ImmutableSortedDictionary<string, long> totals, IReadOnlyDictionary<string, long> batch)
    {
        var builder = totals.ToBuilder();
        foreach (var (key, value) in batch)
        {
            builder[key] = builder.GetValueOrDefault(key) + value;
        }

        return builder.ToImmutable();
    }
}
