namespace SparkEtl.Core.Tables;

/// <summary>One file of a <see cref="TableWritePlan{TRow}"/>: its key, its <c>dt</c> value and the indexes of its rows, in order.</summary>
public sealed record PlannedFile(string Key, string Partition, IReadOnlyList<int> RowIndexes);
