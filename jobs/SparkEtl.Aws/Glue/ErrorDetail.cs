namespace SparkEtl.Aws.Glue;

/// <summary>Why one item of a batch failed (Glue <c>ErrorDetail</c>), e.g. <c>AlreadyExistsException</c>.</summary>
public sealed class ErrorDetail
{
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
}
