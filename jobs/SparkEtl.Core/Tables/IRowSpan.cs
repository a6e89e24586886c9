namespace SparkEtl.Core.Tables;

/// <summary>
/// Rows that can be read in place as a span, such as a <see cref="Transform.TradeBuffer"/>'s trades: a writer reads
/// each row by reference instead of copying it out through <see cref="IReadOnlyList{T}"/>'s indexer.
/// </summary>
internal interface IRowSpan<TRow>
{
    /// <summary>The rows, in order; valid until the rows change.</summary>
    ReadOnlySpan<TRow> Span { get; }
}
