namespace SparkEtl.Runner.Checkpoint;

/// <summary>
/// <c>offsets/N</c>: the input of batch N, written before the batch runs, so a crash is followed by
/// a replay of exactly this range.
/// </summary>
/// <param name="Start">The source offset the batch read after (null: the source's starting position).</param>
/// <param name="End">The source offset after the batch's last record.</param>
/// <param name="WatermarkMs">The watermark in force during the batch.</param>
/// <param name="EndOfInput">True when a bounded source ended with this batch (the watermark then goes to +infinity).</param>
public sealed record BatchOffsets(long BatchId, SortedDictionary<string, string>? Start, SortedDictionary<string, string> End, long WatermarkMs, bool EndOfInput);
