namespace SparkEtl.Core.Configuration;

/// <summary>When micro-batches run (Spark's triggers).</summary>
public enum TriggerKind
{
    /// <summary><c>available-now</c>: drain what is there in as many batches as the limits need, then stop.</summary>
    AvailableNow,

    /// <summary><c>once</c>: one batch, then stop.</summary>
    Once,

    /// <summary><c>interval:DURATION</c>: a batch every interval (Firehose's buffer interval, Glue's windowSize), until stopped.</summary>
    Interval,
}
