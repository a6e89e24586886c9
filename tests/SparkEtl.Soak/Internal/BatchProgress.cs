using System.Globalization;
using System.Text.Json;

namespace SparkEtl.Soak.Internal;

/// <summary>What the soak reads from one of the job's progress records (<c>--progress json</c>, one JSON line per committed batch).</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Replayed">Whether it was run again from its checkpointed offsets after a kill.</param>
/// <param name="LeftoversDeleted">Files of an earlier attempt at the batch deleted before its commit.</param>
/// <param name="EndOffsets">Per shard, the position read up to: <c>seq:NNN</c>.</param>
/// <param name="WatermarkMs">The watermark after the batch, epoch ms, or null when the record has none.</param>
internal sealed record BatchProgress(long BatchId, bool Replayed, long LeftoversDeleted, IReadOnlyDictionary<string, string> EndOffsets, long? WatermarkMs)
{
    /// <summary>Reads a progress line; null when the line is not one.</summary>
    public static BatchProgress? TryParse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!root.TryGetProperty("batchId", out var batchId))
            {
                return null;
            }

            var endOffsets = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("sources", out var sources) && sources.ValueKind == JsonValueKind.Array)
            {
                foreach (var source in sources.EnumerateArray())
                {
                    if (source.TryGetProperty("endOffset", out var end) && end.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var shard in end.EnumerateObject())
                        {
                            if (shard.Value.ValueKind == JsonValueKind.String)
                            {
                                endOffsets[shard.Name] = shard.Value.GetString()!;
                            }
                        }
                    }
                }
            }

            long? watermark = null;
            if (root.TryGetProperty("eventTime", out var eventTime) && eventTime.TryGetProperty("watermark", out var text)
                && DateTimeOffset.TryParse(text.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                watermark = at.ToUnixTimeMilliseconds();
            }

            return new BatchProgress(
                batchId.GetInt64(),
                root.TryGetProperty("replayed", out var replayed) && replayed.ValueKind == JsonValueKind.True,
                root.TryGetProperty("sink", out var sink) && sink.TryGetProperty("numLeftoversDeleted", out var leftovers) ? leftovers.GetInt64() : 0,
                endOffsets,
                watermark);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when the batch read every shard up to the given last sequence numbers.</summary>
    public bool HasRead(IReadOnlyDictionary<string, string> lastSequenceNumbers) =>
        lastSequenceNumbers.All(last => EndOffsets.TryGetValue(last.Key, out var end) && end == "seq:" + last.Value);
}
