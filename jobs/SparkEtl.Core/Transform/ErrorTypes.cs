namespace SparkEtl.Core.Transform;

/// <summary>The stored codes of <see cref="ErrorType"/>, as the <c>errors</c> table and progress reports name them.</summary>
public static class ErrorTypes
{
    private static readonly string[] Codes =
    [
        "decompression-failed",
        "record-too-large",
        "envelope-invalid",
        "aggregate-invalid",
        "parse-failed",
        "validation-failed",
        "late-record",
        "event-time-out-of-range",
        "capture-line-invalid",
    ];

    /// <summary>Every error type, in declaration order.</summary>
    public static IReadOnlyList<ErrorType> All { get; } = Enum.GetValues<ErrorType>();

    public static string Code(this ErrorType type) => Codes[(int)type];
}
