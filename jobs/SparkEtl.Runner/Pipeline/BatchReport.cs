using SparkEtl.Core.Tables;

namespace SparkEtl.Runner.Pipeline;

/// <summary>What one micro-batch did: input, transform results, watermark, files, and its progress record.</summary>
public sealed record BatchReport(
    long BatchId,
    int InputRecords,
    long InputBytes,
    TransformCounts Counts,
    int BarsEmitted,
    long WatermarkMs,
    int OpenWindows,
    IReadOnlyList<WrittenFile> Files,
    TimeSpan Duration,
    bool Replayed,
    QueryProgress Progress);
