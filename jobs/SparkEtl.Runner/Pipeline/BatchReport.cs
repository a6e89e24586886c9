namespace SparkEtl.Runner.Pipeline;

/// <summary>What one micro-batch did: input, transform results, watermark, files, and time by phase.</summary>
public sealed record BatchReport(
    long BatchId,
    int InputRecords,
    long InputBytes,
    TransformCounts Counts,
    int BarsEmitted,
    long WatermarkMs,
    int OpenWindows,
    IReadOnlyList<WrittenFile> Files,
    TimeSpan ReadTime,
    TimeSpan DecodeTime,
    TimeSpan AggregateTime,
    TimeSpan WriteTime)
{
    public TimeSpan Duration => ReadTime + DecodeTime + AggregateTime + WriteTime;
}
