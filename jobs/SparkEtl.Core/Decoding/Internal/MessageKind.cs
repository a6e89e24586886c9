namespace SparkEtl.Core.Decoding.Internal;

/// <summary>The <c>messageType</c> of a CloudWatch Logs subscription envelope.</summary>
internal enum MessageKind
{
    /// <summary>Not read yet.</summary>
    Unknown,

    /// <summary><c>DATA_MESSAGE</c>: log events to expand.</summary>
    Data,

    /// <summary><c>CONTROL_MESSAGE</c>: the destination health check CloudWatch Logs sends; carries no data.</summary>
    Control,
}
