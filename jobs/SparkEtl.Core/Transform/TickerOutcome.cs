namespace SparkEtl.Core.Transform;

/// <summary>What <see cref="TickerTransform.TryTransform"/> did with a candidate.</summary>
internal enum TickerOutcome
{
    /// <summary>The candidate is not one complete JSON object followed by whitespace only; nothing was emitted.</summary>
    NotAnObject,

    /// <summary>The candidate was a JSON object; its trade or validation failure was emitted.</summary>
    Emitted,
}
