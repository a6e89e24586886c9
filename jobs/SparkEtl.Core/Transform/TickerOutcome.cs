namespace SparkEtl.Core.Transform;

/// <summary>What <see cref="TickerTransform.TryTransform"/> did with a candidate.</summary>
internal enum TickerOutcome
{
    /// <summary>The candidate is not one complete JSON object followed by whitespace only; nothing was emitted.</summary>
    NotAnObject,

    /// <summary>The candidate was a JSON object; its trade or validation failure was emitted.</summary>
    Emitted,

    /// <summary>
    /// Nothing was emitted: the candidate, read still escaped (<see cref="TickerTransform.TryTransformEscaped"/>), is not a
    /// plain object that makes a trade, and the caller decides on the unescaped message.
    /// </summary>
    Declined,
}
