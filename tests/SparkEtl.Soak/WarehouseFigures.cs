namespace SparkEtl.Soak;

/// <summary>What the check found in the warehouse, as a reader listing it sees it (hidden and <c>_</c> names left out).</summary>
public sealed record WarehouseFigures
{
    /// <summary>Kinesis records on the stream at the end (every copy the producer put).</summary>
    public long StreamRecords { get; init; }

    /// <summary>Kinesis records on the stream that the producer did not make (must be 0).</summary>
    public long StreamRecordsNotProduced { get; init; }

    /// <summary>Records Kinesis acknowledged that are not on the stream (must be 0: that would be a loss before the job).</summary>
    public long AcknowledgedNotOnStream { get; init; }

    /// <summary>Extra copies of produced records on the stream: a PutRecords call answered but the answer lost, then made again.</summary>
    public long ProducerDuplicateRecords { get; init; }

    /// <summary>Trades and malformed units in those extra copies (each copy is a distinct Kinesis record the job must keep).</summary>
    public long ProducerDuplicateUnits { get; init; }

    /// <summary>Trades expected in <c>trades</c>: one per unit per copy on the stream, sentinels included.</summary>
    public long ExpectedTrades { get; init; }

    /// <summary>Malformed units expected in <c>errors</c>, one per copy.</summary>
    public long ExpectedErrors { get; init; }

    public long TradeRows { get; init; }

    public long ErrorRows { get; init; }

    public long BarRows { get; init; }

    /// <summary>Files a reader lists under <c>trades/</c>, <c>ohlc_1m/</c> and <c>errors/</c>.</summary>
    public long DataFiles { get; init; }

    /// <summary>Expected trades with no row in <c>trades</c>.</summary>
    public long LostTrades { get; init; }

    /// <summary>Expected malformed units with no row in <c>errors</c>.</summary>
    public long LostErrors { get; init; }

    /// <summary>Acknowledged trades whose (symbol, event time, price) is in no row of <c>trades</c>.</summary>
    public long ProducedTradesMissing { get; init; }

    /// <summary>Rows beyond the first for one Kinesis identity (shard, sequence, sub-sequence, log event) in <c>trades</c>.</summary>
    public long DuplicateTradeRows { get; init; }

    /// <summary>Rows beyond the first for one identity and error type in <c>errors</c>.</summary>
    public long DuplicateErrorRows { get; init; }

    /// <summary>Rows beyond the first for one ticker and window in the bars.</summary>
    public long DuplicateBarRows { get; init; }

    /// <summary>Produced trades with more rows in <c>trades</c> than copies of their record on the stream.</summary>
    public long ProducedTradesOverCounted { get; init; }

    /// <summary>Rows of <c>trades</c> whose identity is a trade the producer made but whose symbol, sector, event time or price differ.</summary>
    public long AlteredTrades { get; init; }

    /// <summary>Rows of <c>trades</c> or <c>errors</c> for no unit that should have one (a dropped line, an unknown identity, a late-record row without its trade).</summary>
    public long UnexpectedRows { get; init; }

    /// <summary><c>late-record</c> rows: trades the bars leave out.</summary>
    public long LateRecords { get; init; }

    /// <summary>Error rows by type.</summary>
    public IReadOnlyDictionary<string, long> ErrorsByType { get; init; } = new Dictionary<string, long>();

    /// <summary>Malformed units by the type the soak expected and the type found ("expected -> found").</summary>
    public IReadOnlyDictionary<string, long> ErrorTypesExpectedVsFound { get; init; } = new Dictionary<string, long>();

    /// <summary>Bars recomputed from the trades (late ones and sentinels left out).</summary>
    public long BarsRecomputed { get; init; }

    /// <summary>Recomputed bars with no written bar.</summary>
    public long BarsMissing { get; init; }

    /// <summary>Written bars with no recomputed bar.</summary>
    public long BarsExtra { get; init; }

    /// <summary>Bars whose open, high, low, close, count, average, sector or end differ from the recomputation.</summary>
    public long BarsDifferent { get; init; }

    /// <summary>Whether <c>sum(trade_count) + late-record rows = trades rows</c> (sentinels left out).</summary>
    public bool BarsReconcile { get; init; }

    /// <summary>Up to ten examples of each finding, by category.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Samples { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Records lost: expected trades and malformed units with no row, and acknowledged records not on the stream.</summary>
    public long Lost => LostTrades + LostErrors + AcknowledgedNotOnStream;

    /// <summary>Duplicates a reader of the warehouse sees.</summary>
    public long Duplicates => DuplicateTradeRows + DuplicateErrorRows + DuplicateBarRows + ProducedTradesOverCounted;

    /// <summary>The bars equal the recomputation, and reconcile with the trades and the late records.</summary>
    public bool BarsMatch => BarsMissing == 0 && BarsExtra == 0 && BarsDifferent == 0 && BarsReconcile;
}
