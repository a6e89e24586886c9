namespace SparkEtl.Aws.Glue;

/// <summary>A sort column of a table (Glue <c>Order</c>): <see cref="SortOrder"/> is 1 for ascending, 0 for descending.</summary>
public sealed class Order
{
    public required string Column { get; init; }

    public required int SortOrder { get; init; }
}
