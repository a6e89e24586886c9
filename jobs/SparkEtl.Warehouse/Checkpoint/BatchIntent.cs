namespace SparkEtl.Warehouse.Checkpoint;

/// <summary>
/// <c>intents/N/&lt;run&gt;</c>: the warehouse keys one attempt at batch N was about to write, recorded before the first of
/// them is put. A later attempt deletes every key an earlier one intended and it did not write itself, whatever table or
/// partition it landed in, so a replay that does not come out byte for byte still leaves each record once.
/// </summary>
public sealed record BatchIntent(long BatchId, string RunId, IReadOnlyList<string> Keys);
