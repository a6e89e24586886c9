namespace SparkEtl.Soak.Internal;

/// <summary>What a produced unit (a ticker line, a log event, a KPL sub-record, or a whole Kinesis record) must become.</summary>
internal enum UnitKind
{
    /// <summary>A valid trade: exactly one row in <c>trades</c> per copy on the stream.</summary>
    Trade,

    /// <summary>Malformed on purpose: exactly one row in <c>errors</c> per copy on the stream, and none in <c>trades</c>.</summary>
    Error,

    /// <summary>Dropped on purpose (a CloudWatch control message, a Lambda platform line): no row anywhere.</summary>
    Drop,

    /// <summary>A trade put at the end on every shard, ahead in event time, so every window of the real trades closes.</summary>
    Sentinel,
}
