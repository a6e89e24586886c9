namespace SparkEtl.Core.Configuration;

/// <summary>How demo ticker records are carried in Kinesis records.</summary>
public enum DemoShape
{
    /// <summary><c>raw</c>: one ticker JSON object per Kinesis record.</summary>
    Raw,

    /// <summary><c>cloudwatch</c>: gzip CloudWatch Logs subscription envelopes of Lambda log lines.</summary>
    CloudWatch,

    /// <summary><c>kpl</c>: KPL aggregated records of ticker JSON objects.</summary>
    Kpl,
}
