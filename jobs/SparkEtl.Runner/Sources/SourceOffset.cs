using System.Collections.Immutable;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// How far a source has been read: one position token per shard, opaque to the engine and
/// written to the checkpoint as a JSON object. For Kinesis the token is the last sequence number
/// read from the shard; for a file or the demo it is the count of records read (and where the next
/// one starts). Two offsets are equal when every shard's token is.
/// </summary>
public sealed class SourceOffset : IEquatable<SourceOffset>
{
    public SourceOffset(IEnumerable<KeyValuePair<string, string>> positions)
    {
        Positions = positions.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    /// <summary>The position token of each shard read so far, by shard id.</summary>
    public ImmutableSortedDictionary<string, string> Positions { get; }

    public bool Equals(SourceOffset? other) =>
        other is not null && Positions.Count == other.Positions.Count
        && Positions.All(p => other.Positions.TryGetValue(p.Key, out var v) && v == p.Value);

    public override bool Equals(object? obj) => Equals(obj as SourceOffset);

    public override int GetHashCode() => Positions.Aggregate(0, (h, p) => HashCode.Combine(h, p.Key, p.Value));

    public override string ToString() => "{" + string.Join(", ", Positions.Select(p => $"{p.Key}: {p.Value}")) + "}";
}
