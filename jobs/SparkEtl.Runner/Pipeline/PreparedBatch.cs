using SparkEtl.Runner.Sources;

namespace SparkEtl.Runner.Pipeline;

/// <summary>A batch read from the source, and decoded unless it is a replay (which decodes when it runs).</summary>
/// <param name="Input">The records and where the source stands after them.</param>
/// <param name="BatchStart">When reading started, a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</param>
/// <param name="BatchTimeMs">The batch time (processing time when reading started), epoch ms.</param>
/// <param name="ReadTime">How long reading took.</param>
/// <param name="Decoded">The transform results; handed back to the decoder once the batch is done.</param>
internal sealed record PreparedBatch(SourceBatch Input, long BatchStart, long BatchTimeMs, TimeSpan ReadTime, DecodedBatch? Decoded)
{
    public DecodedBatch? Decoded { get; set; } = Decoded;
}
