using SparkEtl.Core;
using SparkEtl.Core.Configuration;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The Spark trigger the <c>trigger</c> setting maps to: <c>once</c> → <c>Trigger.Once()</c>,
/// <c>interval:D</c> → <c>Trigger.ProcessingTime(D in ms)</c>.
/// </summary>
/// <param name="Once">One micro-batch, then the query stops.</param>
/// <param name="IntervalMs">The processing-time interval in milliseconds when not <paramref name="Once"/>.</param>
public sealed record SparkTrigger(bool Once, long IntervalMs)
{
    /// <summary>Maps the setting.</summary>
    /// <exception cref="ConfigurationException">
    /// <c>available-now</c>: neither Microsoft.Spark 2.3.1 (no <c>Trigger.AvailableNow</c>) nor the Kinesis connector
    /// (a documented limitation) supports it.
    /// </exception>
    public static SparkTrigger For(TriggerSettings trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return trigger.Kind switch
        {
            TriggerKind.Once => new SparkTrigger(true, 0),
            TriggerKind.Interval => new SparkTrigger(false, trigger.IntervalMs),
            _ => throw new ConfigurationException("trigger", trigger.ToString(),
                "once or interval:DURATION for the Spark job (the Kinesis connector and Microsoft.Spark 2.3.1 have no available-now trigger)"),
        };
    }
}
